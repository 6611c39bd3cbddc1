package serve

import _ "embed"

// The reload script and overlay style are served from fixed paths in serve
// mode only; embedding them keeps the binary self-contained.
var (
	//go:embed reload.js
	reloadScript []byte
	//go:embed overlay.css
	overlayCSS []byte
)
