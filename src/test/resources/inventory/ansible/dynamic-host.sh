#!/bin/sh
# A dynamic inventory without _meta: each host's variables come from --host NAME.
case "$1" in
--list) echo '{"web": ["web1", "web2"], "db": {"hosts": ["db1"], "vars": {"ansible_user": "postgres"}}}' ;;
--host) case "$2" in
  web1) echo '{"ansible_host": "10.0.0.1", "ansible_port": 2201}' ;;
  db1) echo '{"ansible_host": "10.0.1.1", "ansible_user": "admin"}' ;;
  *) echo '{}' ;;
  esac ;;
*) exit 2 ;;
esac
