tcp LISTEN 0      5      *:80 *:*
