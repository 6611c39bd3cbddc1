// Command secondround builds, checks and serves a Second Round site: a folder
// of Markdown articles turned into a fast, searchable static site. Run
// "secondround help" for the commands.
package main

import (
	"os"

	"github.com/secondround/secondround/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], cli.System()))
}
