udp UNCONN 0      0      0.0.0.0:4789 0.0.0.0:*
udp UNCONN 0      0         [::]:4789    [::]:*
