# Sourced by the check-* scripts: starts the Release build of TagApi on a throwaway SQLite file
# and loopback port, with one tenant and one client. After `start_local_server <tenant> <scopes>`:
#   BASE_URL, CLIENT_ID, CLIENT_SECRET are set; the server and its files go away on exit.
LOCAL_WORK=$(mktemp -d)
LOCAL_SERVER=
# The server writes its index snapshot while it shuts down, so its files are removed only once it
# has exited; otherwise the removal races the snapshot and fails on a directory that is not empty.
stop_local_server() {
  if [[ -n $LOCAL_SERVER ]]; then kill "$LOCAL_SERVER" 2>/dev/null || true; wait "$LOCAL_SERVER" 2>/dev/null || true; fi
  rm -rf "$LOCAL_WORK"
}
trap stop_local_server EXIT

start_local_server() {
  local tenant=$1 scopes=$2 api=src/TagApi.Api/bin/Release/net10.0/TagApi.Api.dll client port
  dotnet build src/TagApi.Api -c Release -v quiet -nologo >/dev/null
  export Database__Provider=Sqlite ConnectionStrings__TagApi="Data Source=$LOCAL_WORK/tagapi.db" \
    Auth__SigningKeyPath="$LOCAL_WORK/key.pem" Demo__SeedOnFirstStart=false Segments__SnapshotDirectory="$LOCAL_WORK/index-snapshots"
  dotnet "$api" admin create-tenant "$tenant" >/dev/null
  client=$(dotnet "$api" admin create-client "$tenant" --scopes "$scopes" --name "$tenant" | tail -1)
  CLIENT_ID=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['clientId'])" "$client")
  CLIENT_SECRET=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['clientSecret'])" "$client")
  port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
  ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet "$api" >"$LOCAL_WORK/server.log" 2>&1 &
  LOCAL_SERVER=$!
  BASE_URL="http://127.0.0.1:$port"
  for _ in $(seq 60); do curl -sf "$BASE_URL/healthz" >/dev/null && return; sleep 1; done
  cat "$LOCAL_WORK/server.log" >&2
  return 1
}
