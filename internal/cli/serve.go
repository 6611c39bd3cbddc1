package cli

import (
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"syscall"

	secondround "github.com/secondround/secondround"
	"github.com/secondround/secondround/internal/build"
	"github.com/secondround/secondround/internal/diag"
	"github.com/secondround/secondround/internal/serve"
	"github.com/secondround/secondround/internal/watch"
)

func runServe(env Env, args []string) int {
	c := find("serve")
	fs := flags(env, c.name, c.args, c.short)
	var bf buildFlags
	bf.register(fs, false, false)
	bind := fs.String("bind", "127.0.0.1", "the `address` to listen on; 0.0.0.0 exposes the preview to your network")
	port := fs.Int("port", 1313, "the `port` to listen on; the next free one is taken if it is in use")
	open := fs.Bool("open", false, "open the site in the default browser")
	if code, stop := parseNoArgs(env, fs, args); stop {
		return code
	}
	ln, err := listen(env, *bind, *port)
	if err != nil {
		fmt.Fprintf(env.Stderr, "secondround serve: %v\n", err)
		return 1
	}
	ctx, cancel := env.Context()
	defer cancel()
	url := previewURL(ln.Addr())
	// Every address a page shows (canonical, Open Graph, printed, feeds)
	// is the preview's own, so that nothing on the author's screen points
	// at production.
	opts := bf.options(env)
	opts.BaseURL = url
	srv := serve.New(serve.Config{
		Src: bf.src, Builder: build.New(secondround.Theme()), Options: opts,
		Log: env.Stderr,
	})
	// Watch before the first build, so that a save during it is not missed.
	w, err := watch.New(bf.src, watch.Options{Log: env.Stderr, Poll: env.Getenv("SECONDROUND_POLL") != ""})
	if err != nil {
		ln.Close()
		fmt.Fprintf(env.Stderr, "secondround serve: %v\n", err)
		return 1
	}
	res, err := srv.Rebuild(nil)
	if err != nil {
		var de *diag.Error
		if errors.As(err, &de) {
			for _, p := range de.List {
				fmt.Fprintln(env.Stderr, p.Detail())
			}
			fmt.Fprintln(env.Stderr, "The site has problems; the browser shows them until they are fixed.")
		} else {
			_ = w.Close()
			ln.Close()
			fmt.Fprintf(env.Stderr, "secondround serve: %v\n", err)
			return 1
		}
	} else {
		fmt.Fprintln(env.Stdout, res.Summary("Built", ""))
	}
	watching := make(chan struct{})
	go func() {
		defer close(watching)
		srv.Watch(ctx, w)
	}()
	fmt.Fprintf(env.Stdout, "Serving %s at %s (Ctrl-C to stop)\n", bf.src, url)
	if *open {
		openBrowser(url)
	}
	serveErr := srv.Serve(ctx, ln)
	cancel()
	_ = w.Close()
	<-watching // a rebuild under way finishes first
	if serveErr != nil {
		fmt.Fprintf(env.Stderr, "secondround serve: %v\n", serveErr)
		return 1
	}
	fmt.Fprintln(env.Stdout, "Stopped.")
	return 0
}

// listen takes the port asked for, or the next free one, saying which.
// Port 0 lets the system choose.
func listen(env Env, bind string, port int) (net.Listener, error) {
	addr := net.JoinHostPort(bind, strconv.Itoa(port))
	ln, err := net.Listen("tcp", addr)
	if err == nil || port == 0 {
		return ln, err
	}
	if !errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("cannot listen on %s: %v (check -bind, or choose another -port)", addr, err)
	}
	for p := port + 1; p < port+50 && p < 65536; p++ {
		if ln2, err2 := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(p))); err2 == nil {
			fmt.Fprintf(env.Stderr, "Port %d is in use; using %d instead (choose one with -port).\n", port, p)
			return ln2, nil
		}
	}
	return nil, fmt.Errorf("cannot listen on %s: port %d and the 49 after it are in use (choose another -port)", addr, port)
}

// openBrowser asks the desktop to open url, quietly doing nothing where
// there is no desktop.
func openBrowser(url string) {
	for _, name := range []string{"xdg-open", "open"} {
		if p, err := exec.LookPath(name); err == nil {
			cmd := exec.Command(p, url)
			if cmd.Start() == nil {
				go func() { _ = cmd.Wait() }()
			}
			return
		}
	}
}

// previewURL is the address a browser opens: localhost when the server
// listens on every address, where 0.0.0.0 is no address to open.
func previewURL(addr net.Addr) string {
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		return "http://localhost:" + strconv.Itoa(tcp.Port) + "/"
	}
	return "http://" + addr.String() + "/"
}
