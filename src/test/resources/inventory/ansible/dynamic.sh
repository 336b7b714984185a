#!/bin/sh
# A dynamic inventory as Ansible runs it: --list gives the groups and _meta.hostvars.
case "$1" in
--list) cat <<'JSON'
{"web": {"hosts": ["web1", "web2"], "vars": {"ansible_user": "alice"}, "children": ["canary"]},
 "canary": ["web3"],
 "db": {"hosts": ["db1"], "vars": {"ansible_ssh_common_args": "-o ProxyJump=web1"}},
 "_meta": {"hostvars": {"web1": {"ansible_host": "10.0.0.1", "ansible_port": 2201},
   "web3": {"ansible_host": "10.0.0.3", "ansible_user": "carol"},
   "db1": {"ansible_host": "10.0.1.1", "ansible_user": "postgres"}}}}
JSON
;;
--host) echo '{}' ;;
*) echo "usage: $0 --list | --host NAME" >&2; exit 2 ;;
esac
