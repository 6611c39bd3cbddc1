// Package a11y checks the built knowledge base with the Nu HTML Checker and
// axe-core, and drives it by keyboard in headless Chromium: every page must
// be valid HTML, the main kinds of page must have no axe violations in light
// and dark schemes (and, on the layout test's awkward site, on a phone and a
// laptop with the menu and contents open), and every control must be
// reachable by Tab with a visible focus ring. It holds tests only.
//
// The checkers are not Go programs: they come from npm (vnu-jar, axe-core)
// and vnu.jar needs Java. The tests find them through $VNU_JAR and $AXE_JS,
// or under a node_modules folder in $VNU_DIR, /tmp/secondround-tools or the
// repository root (`npm install --prefix /tmp/secondround-tools vnu-jar
// axe-core`). Without them a test skips, except in CI (CI=true), where it
// fails: CI must install them.
package a11y
