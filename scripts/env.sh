# Sourced by the scripts: the locally installed tools come first on PATH.
export ACW_TOOLS_DIR="${ACW_TOOLS_DIR:-$HOME/.local/share/acw-tools}"
export PATH="$ACW_TOOLS_DIR/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
