// Package cli is the secondround command line: it parses flags with the
// standard library's flag package, runs the pipeline, and turns results into
// the lines and exit codes a person or a script reads. Everything it needs
// from the process (output streams, environment, clock) comes in an Env, so
// tests run commands without touching the real ones.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/disk"
	"github.com/secondround/secondround/internal/output"
	"golang.org/x/term"
)

// Version is the release this binary reports.
const Version = "0.1.0"

// Env is what a command may use of the process that runs it.
type Env struct {
	Stdout, Stderr io.Writer
	// Terminal reports whether Stderr is a terminal, where a long build
	// shows its progress.
	Terminal bool
	Getenv   func(string) string
	Now      func() time.Time
	// Context ends when the user interrupts (Ctrl-C).
	Context func() (context.Context, context.CancelFunc)
}

// System returns the Env of the running process.
func System() Env {
	return Env{
		Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now,
		Terminal: term.IsTerminal(int(os.Stderr.Fd())),
		Context: func() (context.Context, context.CancelFunc) {
			return signal.NotifyContext(context.Background(), os.Interrupt)
		},
	}
}

type command struct {
	name, args, short string
	run               func(env Env, args []string) int
}

func commands() []command {
	return []command{
		{"build", "[-src DIR] [-out DIR] [-drafts] [-base-url URL] [-warn-links] [-timings] [-cpuprofile FILE] [-memprofile FILE]", "build the site into a folder", runBuild},
		{"check", "[-src DIR] [-drafts] [-warn-links] [-timings]", "validate content, layouts and links, writing nothing", runCheck},
		{"serve", "[-src DIR] [-bind ADDR] [-port N] [-drafts] [-open]", "build, serve on localhost, rebuild and reload on every save", runServe},
		{"new", "[-src DIR] KIND \"Title\"", "create a page from a template (article, questions, email, checklist, briefing)", runNew},
		{"version", "", "print the version", func(env Env, _ []string) int { fmt.Fprintln(env.Stdout, "secondround", Version); return 0 }},
		{"help", "[COMMAND]", "show this help, or a command's", runHelp},
	}
}

// Run runs the command line args and returns the exit code: 0 on success,
// 1 when the site has problems, 2 for a wrong command line.
func Run(args []string, env Env) int {
	if len(args) == 0 {
		usage(env.Stderr)
		return 2
	}
	name := args[0]
	if name == "-h" || name == "-help" || name == "--help" {
		usage(env.Stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(env, args[1:])
		}
	}
	fmt.Fprintf(env.Stderr, "secondround: unknown command %q\n", name)
	usage(env.Stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: secondround COMMAND [flags]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.short)
	}
	fmt.Fprintln(w, "\nRun 'secondround COMMAND -h' for a command's flags.")
}

func runHelp(env Env, args []string) int {
	if len(args) == 0 {
		usage(env.Stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(Env{Stdout: env.Stdout, Stderr: env.Stdout, Getenv: env.Getenv, Now: env.Now, Context: env.Context}, []string{"-h"})
		}
	}
	fmt.Fprintf(env.Stderr, "secondround: unknown command %q\n", args[0])
	usage(env.Stderr)
	return 2
}

// flags makes a command's flag set, printing errors and usage to stderr.
func flags(env Env, name, args, short string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: secondround %s %s\n\n%s.\n\nflags:\n", name, args, strings.ToUpper(short[:1])+short[1:])
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; it returns an exit code when the command should stop.
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, true
		}
		return 2, true
	}
	return 0, false
}

// parseNoArgs parses flags for a command that takes no other arguments.
func parseNoArgs(env Env, fs *flag.FlagSet, args []string) (int, bool) {
	if code, stop := parse(fs, args); stop {
		return code, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "secondround %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return 2, true
	}
	return 0, false
}

func find(name string) command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	panic("cli: no command " + name)
}

type buildFlags struct {
	src, out, baseURL          string
	drafts, warnLinks, timings bool
}

func (b *buildFlags) register(fs *flag.FlagSet, withOut, withBase bool) {
	fs.StringVar(&b.src, "src", ".", "the site `folder`: it holds content/ and, optionally, layouts/ and static/")
	if withOut {
		fs.StringVar(&b.out, "out", "", "the output `folder` (default SRC/public); replaced only when the build succeeds")
	}
	fs.BoolVar(&b.drafts, "drafts", false, "include pages marked draft: true")
	if withBase {
		fs.StringVar(&b.baseURL, "base-url", "", "the site's absolute `URL`, overriding $URL and content/_index.md's base_url")
	}
	fs.BoolVar(&b.warnLinks, "warn-links", false, "report broken internal links as warnings instead of failing")
	fs.BoolVar(&b.timings, "timings", false, "after the summary, print what each stage of the build took, on the clock and in CPU time, to stderr")
}

func (b *buildFlags) options(env Env) build.Options {
	base := b.baseURL
	if base == "" {
		// Netlify sets URL to the site's main address on every build.
		base = env.Getenv("URL")
	}
	abs, _ := filepath.Abs(b.src)
	return build.Options{Drafts: b.drafts, WarnLinks: b.warnLinks, BaseURL: base, Name: filepath.Base(abs)}
}

func runBuild(env Env, args []string) int {
	c := find("build")
	fs := flags(env, c.name, c.args, c.short)
	var bf buildFlags
	bf.register(fs, true, true)
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to `FILE`, for go tool pprof")
	memProfile := fs.String("memprofile", "", "write a heap profile to `FILE`: every allocation of the build, and what the finished site model holds")
	if code, stop := parseNoArgs(env, fs, args); stop {
		return code
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintf(env.Stderr, "secondround build: %v\n", err)
			return 1
		}
		defer stop()
	}
	out := bf.out
	if out == "" {
		out = filepath.Join(bf.src, "public")
	}
	if err := safeOut(bf.src, out); err != nil {
		fmt.Fprintf(env.Stderr, "secondround build: %v\n", err)
		return 2
	}
	w, err := output.NewDir(out)
	if err != nil {
		fmt.Fprintf(env.Stderr, "secondround build: %v\n", err)
		return 1
	}
	p := bf.progress(env)
	res, err := runPipeline(env, disk.Open(bf.src), bf.options(env), w, p)
	if *memProfile != "" {
		// Taken while res still holds the site model, so that the
		// in-use figures show what a build keeps, not an empty heap.
		if err := writeHeapProfile(*memProfile); err != nil {
			fmt.Fprintf(env.Stderr, "secondround build: %v\n", err)
		}
	}
	if err != nil {
		w.Abort()
		return report(env, "build", res, err, out)
	}
	p.Start("replacing the output folder", 0)
	if err := w.Commit(); err != nil {
		fmt.Fprintf(env.Stderr, "secondround build: %v\n", err)
		return 1
	}
	times := p.Times()
	printWarnings(env, res.Problems)
	fmt.Fprintln(env.Stdout, res.Summary("Built", out))
	if bf.timings {
		fmt.Fprint(env.Stderr, timingsTable(times))
	}
	return 0
}

func runCheck(env Env, args []string) int {
	c := find("check")
	fs := flags(env, c.name, c.args, c.short)
	var bf buildFlags
	bf.register(fs, false, false)
	if code, stop := parseNoArgs(env, fs, args); stop {
		return code
	}
	p := bf.progress(env)
	res, err := runPipeline(env, disk.Open(bf.src), bf.options(env), &output.Discard{}, p)
	if err != nil {
		return report(env, "check", res, err, "")
	}
	times := p.Times()
	printWarnings(env, res.Problems)
	fmt.Fprintln(env.Stdout, res.Summary("Checked", ""))
	if bf.timings {
		fmt.Fprint(env.Stderr, timingsTable(times))
	}
	return 0
}

// progress is where the build will say how far it is: on a terminal, for
// the progress line, and with -timings, for the table at the end. Nil
// when neither wants it.
func (b *buildFlags) progress(env Env) *build.Progress {
	if !env.Terminal && !b.timings {
		return nil
	}
	return &build.Progress{CPU: processCPU}
}

// runPipeline builds once, showing progress on a terminal, within the
// memory a build is given (see limitMemory). p may be nil.
func runPipeline(env Env, fsys fs.FS, opts build.Options, w build.Writer, p *build.Progress) (*build.Result, error) {
	defer limitMemory(env)()
	h := build.Hooks{Progress: p}
	if env.Terminal {
		stop := showProgress(env.Stderr, p, progressAfter)
		defer stop()
	}
	return build.Once(secondround.Theme()).Rebuild(fsys, opts, w, h)
}

// report prints a failed build's problems, all of them, and says that the
// previous output was kept.
func report(env Env, verb string, res *build.Result, err error, out string) int {
	var de *diag.Error
	if !errors.As(err, &de) {
		fmt.Fprintf(env.Stderr, "secondround %s: %v\n", verb, err)
		return 1
	}
	for _, p := range de.List {
		fmt.Fprintln(env.Stderr, p.Detail())
	}
	n := de.List.Errors()
	msg := fmt.Sprintf("secondround %s: %d problem", verb, n)
	if n != 1 {
		msg += "s"
	}
	if out != "" {
		msg += "; " + out + " was left as it was"
	}
	fmt.Fprintln(env.Stderr, msg)
	return 1
}

func printWarnings(env Env, probs diag.List) {
	for _, p := range probs {
		if p.Warning {
			fmt.Fprintln(env.Stderr, p.Detail())
		}
	}
}

// safeOut refuses output folders whose replacement would destroy sources:
// the site folder itself, a folder above it, or its content, layouts or
// static folders.
func safeOut(src, out string) error {
	as, err1 := filepath.Abs(src)
	ao, err2 := filepath.Abs(out)
	if err1 != nil || err2 != nil {
		return nil
	}
	if ao == as || strings.HasPrefix(as+string(filepath.Separator), ao+string(filepath.Separator)) {
		return fmt.Errorf("-out %s holds the site itself, and would be replaced by the build: choose a folder such as %s", out, filepath.Join(src, "public"))
	}
	for _, d := range []string{"content", "layouts", "static"} {
		sd := filepath.Join(as, d)
		if ao == sd || strings.HasPrefix(ao, sd+string(filepath.Separator)) {
			return fmt.Errorf("-out %s is inside the site's %s/ folder: choose a folder such as %s", out, d, filepath.Join(src, "public"))
		}
	}
	return nil
}
