package main

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// publishFigures are the static site's: how long `frontline publish` takes
// and how large the site is, for the embedded data and 1,000 synthetic
// places, and nginx serving the published day page against `serve`.
type publishFigures struct {
	EmbeddedSeconds float64   `json:"publish_embedded_s"`
	EmbeddedFiles   int       `json:"publish_embedded_files"`
	EmbeddedBytes   int64     `json:"publish_embedded_bytes"`
	SynthSeconds    float64   `json:"publish_1k_s"`
	SynthFiles      int       `json:"publish_1k_files"`
	SynthBytes      int64     `json:"publish_1k_bytes"`
	NginxRPS        []float64 `json:"nginx_rps"`
	ServeRPS        []float64 `json:"serve_rps"`
	NginxServeRatio float64   `json:"nginx_serve_ratio"`
	Skipped         string    `json:"publish_skipped,omitempty"`
}

// publishSite runs `frontline publish` into out over db and returns its wall
// time and the site's size.
func publishSite(bin, db, out string) (time.Duration, int, int64, error) {
	start := time.Now()
	cmd := exec.Command(bin, "publish", "--db", db, "--out", out, "--base-url", "https://frontline.example")
	if b, err := cmd.CombinedOutput(); err != nil {
		return 0, 0, 0, fmt.Errorf("publish: %v\n%s", err, lastLines(string(b), 5))
	}
	took := time.Since(start)
	files, bytes := 0, int64(0)
	err := filepath.WalkDir(out, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		bytes += info.Size()
		return nil
	})
	return took, files, bytes, err
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// measurePublish fills the static-site figures. srvURL is a running serve on
// the embedded data; tmp is scratch space.
func measurePublish(res *Results, bin, srvURL, day, tmp string, rounds int, roundDur time.Duration, conns int) error {
	p := &res.Publish
	took, files, size, err := publishSite(bin, filepath.Join(tmp, "pub.db"), filepath.Join(tmp, "site"))
	if err != nil {
		return err
	}
	p.EmbeddedSeconds, p.EmbeddedFiles, p.EmbeddedBytes = took.Seconds(), files, size

	log("publish: 1,000 synthetic places")
	synth := filepath.Join(tmp, "synth1k")
	if b, err := exec.Command(bin, "synth", "--places", "1000", "--events", "100000", "--out", synth).CombinedOutput(); err != nil {
		return fmt.Errorf("synth: %v\n%s", err, b)
	}
	sdb := filepath.Join(tmp, "synth1k.db")
	if b, err := exec.Command(bin, "import", "--db", sdb, synth).CombinedOutput(); err != nil {
		return fmt.Errorf("import: %v\n%s", err, lastLines(string(b), 5))
	}
	took, files, size, err = publishSite(bin, sdb, filepath.Join(tmp, "site1k"))
	if err != nil {
		return err
	}
	p.SynthSeconds, p.SynthFiles, p.SynthBytes = took.Seconds(), files, size

	ng, err := startNginx(filepath.Join(tmp, "site"), tmp)
	if err != nil {
		p.Skipped = err.Error()
		return nil
	}
	defer ng.stop()
	for i := range rounds {
		log("round %d/%d: nginx", i+1, rounds)
		n, _, _ := load(ng.url+"/day/"+day, conns, roundDur, nil)
		p.NginxRPS = append(p.NginxRPS, float64(n)/roundDur.Seconds())
		log("round %d/%d: serve", i+1, rounds)
		n, _, _ = load(srvURL+"/day/"+day, conns, roundDur, nil)
		p.ServeRPS = append(p.ServeRPS, float64(n)/roundDur.Seconds())
	}
	p.NginxServeRatio = median(p.NginxRPS) / median(p.ServeRPS)
	return nil
}

// startNginx serves site with the README's nginx block on a free loopback
// port, in the foreground.
func startNginx(site, tmp string) (*proc, error) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/nginx"); serr != nil {
			return nil, fmt.Errorf("nginx is not installed")
		}
		bin = "/usr/sbin/nginx"
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		return nil, err
	}
	m := regexp.MustCompile("(?s)```nginx\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		return nil, fmt.Errorf("README.md has no nginx block")
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	server := strings.Replace(string(m[1]), "listen 80;", "listen "+addr+";", 1)
	server = strings.Replace(server, "root /srv/frontline/public;", "root "+site+";", 1)
	prefix := filepath.Join(tmp, "nginx")
	if err := os.MkdirAll(prefix, 0o755); err != nil {
		return nil, err
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;"
	}
	conf := fmt.Sprintf("%s\ndaemon off;\nworker_processes auto;\npid %[2]s/nginx.pid;\nerror_log %[2]s/error.log;\nevents { worker_connections 1024; }\nhttp {\n    access_log off;\n    client_body_temp_path %[2]s/body;\n    proxy_temp_path %[2]s/proxy;\n    fastcgi_temp_path %[2]s/fastcgi;\n    uwsgi_temp_path %[2]s/uwsgi;\n    scgi_temp_path %[2]s/scgi;\n%[3]s\n}\n", user, prefix, server)
	confPath := filepath.Join(prefix, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-p", prefix, "-e", filepath.Join(prefix, "error.log"), "-c", confPath)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start nginx: %w", err)
	}
	p := &proc{cmd: cmd, url: "http://" + addr}
	if _, err := waitOK(p.url+"/", 10*time.Second); err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}
