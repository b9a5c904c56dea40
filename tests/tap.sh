# tests/tap.sh - the TAP helpers every scripted suite (tests/*.test) shares;
# source it:  . "$(dirname "$0")/tap.sh"
#   ok STATUS NAME        "ok N - NAME" when STATUS is 0, else "not ok N - NAME"
#   is GOT WANT NAME      ok when the strings are equal (shows both when not)
#   t NAME COMMAND...     ok when COMMAND succeeds
#   done_testing          "N passed, N failed"; returns 1 when any failed
# tests/run-all adds up the "ok"/"not ok" lines of every suite.
pass=0 fail=0 n=0
ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		pass=$((pass + 1)); echo "ok $n - $2"
	else
		fail=$((fail + 1)); echo "not ok $n - $2"
	fi
}
is() { [ "$1" = "$2" ]; _r=$?; [ $_r -ne 0 ] && echo "# got '$1', want '$2'"; ok $_r "$3"; }
t() { _name=$1; shift; "$@"; ok $? "$_name"; }
done_testing() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
