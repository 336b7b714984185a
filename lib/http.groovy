// http get URL --from NODE: an HTTP GET made by curl on a node, with its status, time and body.
// A lib/ command like the built-ins: it shows in help, completes with Tab, pipes, takes --json and
// --explain, and scripts call it as http.get('http://…', from: 'node1').

command('http', 'HTTP requests made from a node (curl on the node)') {
    verb('get', 'GET a URL from a node: status, time and body') {
        arg 'url', 'the URL, e.g. http://192.168.56.100/'
        option 'from', 'the node that makes the request (default: the first node)', completes: 'node'
        option 'timeout', 'seconds before giving up', default: '5'
        details '''
            Runs curl on the node, so the request takes the node's routes, NAT rules and VIPs:
            'http get http://192.168.56.100/ --from node2' is what a client on node2 sees.'''
        run { a, ctx ->
            int timeout = a.integer('timeout', 1, 3600)
            def node = a.from ? ctx.node(a.from) : ctx.select(null)[0]
            def marker = '\n--netshell-http--'
            def r = ctx.read(node, 'curl', '-sS', '--max-time', "$timeout", '-o', '-',
                    '-w', "${marker}%{http_code} %{time_total}", a.url)
            if (!r.ok()) throw new CommandFailed("${node.name()}: curl: ${r.firstErrorLine()}")
            def text = r.stdout()
            int cut = text.lastIndexOf(marker)
            if (cut < 0) throw new CommandFailed("${node.name()}: unexpected curl output")
            def (code, seconds) = text.substring(cut + marker.length()).trim().split(' ')
            [node: node.name(), url: a.url, status: code as int,
             ms: Math.round((seconds as double) * 1000), body: text.substring(0, cut).trim()]
        }
    }
}
