# tests/flow/lib.sh - shared by tests/flow*.test (sourced): TAP helpers, the
# mock with the sample agency, client directories cut from its profiles.csv.
root=$(cd "$(dirname "$0")/.." && pwd)
: "${BIN:=$root/bin}"
PATH=$BIN:$root/scripts:$PATH
export PATH
. "$root/tests/tap.sh"	# ok, is, t, done_testing
T=$(mktemp -d)
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null; done; SC_MOCK_DIR=$T sc-mock stop; rm -rf "$T"; }
trap cleanup EXIT
agency=$root/scripts/examples/agency
# start_mock: the mock with the sample agency; sets $base
start_mock() { base=$(SC_MOCK_DIR=$T sc-mock start --data "$root/tests/mock/agency.json" --lifetime 300); }
# start_hook FILE [STATUS]: a webhook receiver; sets $hook (its URL)
start_hook() {
	rm -f "$T/hook.port"
	python3 "$root/tests/flow/hook.py" "$T/hook.port" "$1" ${2:-} & pids="$pids $!"
	i=0; while [ ! -s "$T/hook.port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	hook=http://127.0.0.1:$(cat "$T/hook.port")/hook
}
# make_client DIR PREFIX: a client directory with the agency's rows PREFIX-*
make_client() {
	mkdir -p "$1"
	{ head -n 1 "$agency/profiles.csv"; grep "^$2-" "$agency/profiles.csv"; } > "$1/profiles.csv"
	cp "$agency/rules.csv" "$agency/replies.csv" "$agency"/holidays-*.txt "$1/"
	for v in $(sed 1d "$1/profiles.csv" | cut -d, -f4 | sort -u); do echo "$v=mock-token"; done > "$1/tokens.env"
	chmod 600 "$1/tokens.env"
}
