# SIMULATION: sourced by the fake psql and pg_rewind. conninfo_field NAME CONNINFO prints the value
# of NAME in a libpq key=value connection string (quoted or not), as libpq reads it.
conninfo_field() { printf '%s' "$2" | sed -n "s/.*\\b$1='\\{0,1\\}\\([^' ]*\\)'\\{0,1\\}.*/\\1/p"; }
