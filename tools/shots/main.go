// Command shots takes screenshots of pages as a reader sees them, in
// Debian's Chromium: a window size, a phone's touch and scale, and
// optionally a simulated colour vision deficiency, waiting until the map is
// drawn. It is how the pages are looked at before a change is called done:
//
//	go run ./tools/shots -out /tmp/day.png http://localhost:8080/day/2024-12-08
//	go run ./tools/shots -phone -vision deuteranopia -out /tmp/ar.png http://localhost:8080/ar/day/2026-02-27
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "shots:", err)
		os.Exit(1)
	}
}

func run() error {
	chromium := flag.String("chromium", "/usr/bin/chromium", "the browser")
	w := flag.Int64("w", 1366, "window width in CSS pixels")
	h := flag.Int64("h", 768, "window height in CSS pixels")
	phone := flag.Bool("phone", false, "a 390×844 phone: touch, a mobile viewport and a device scale of 1")
	vision := flag.String("vision", "none", "simulated vision: none, protanopia, deuteranopia, tritanopia, achromatopsia or blurredVision")
	full := flag.Bool("full", false, "the whole page, not only the first screen")
	scroll := flag.String("scroll", "", "a CSS selector: the shot shows the screen with that element at its top (the side panel's table, say, which a whole-page shot leaves unpainted under content-visibility)")
	out := flag.String("out", "shot.png", "where to write the PNG")
	wait := flag.String("wait", `!document.getElementById("map") || document.documentElement.dataset.mapReady === "1"`, "a JavaScript condition to wait for before the shot")
	flag.Parse()
	if flag.NArg() != 1 {
		return fmt.Errorf("give one address, e.g. http://localhost:8080/day/2024-12-08")
	}
	if *phone {
		*w, *h = 390, 844
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(*chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-color-profile", "srgb"), chromedp.WindowSize(int(*w), int(*h)))
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	var opts []chromedp.EmulateViewportOption
	if *phone {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(*w, *h, opts...)); err != nil {
		return fmt.Errorf("start %s: %w", *chromium, err)
	}
	if *vision != "none" {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedVisionDeficiency, emulation.SetEmulatedVisionDeficiencyParams{Type: emulation.SetEmulatedVisionDeficiencyType(*vision)}); err != nil {
			return fmt.Errorf("simulate %s: %w", *vision, err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(flag.Arg(0))); err != nil {
		return fmt.Errorf("open %s: %w", flag.Arg(0), err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](*wait, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		return fmt.Errorf("wait for %s: %w", *wait, err)
	}
	if *scroll != "" {
		found, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const el = document.querySelector(%q); if (!el) return false; el.scrollIntoView({block: "start"}); return true; })()`, *scroll)))
		if err != nil {
			return fmt.Errorf("scroll to %s: %w", *scroll, err)
		}
		if !found {
			return fmt.Errorf("scroll to %s: no such element", *scroll)
		}
	}
	// Tiles and labels settle a frame after the map says it is ready.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise)); err != nil {
		return fmt.Errorf("wait for a frame: %w", err)
	}
	shot := chromedp.CaptureScreenshot()
	if *full {
		shot = chromedp.FullScreenshot(100)
	}
	buf, err := chromedp.Run(ctx, shot)
	if err != nil {
		return fmt.Errorf("screenshot: %w", err)
	}
	if err := os.WriteFile(*out, buf, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	return nil
}
