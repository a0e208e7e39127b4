# Frontline: `just run` serves the dashboard, `just test` runs every test.

set shell := ["bash", "-euo", "pipefail", "-c"]

db := env_var_or_default("FRONTLINE_DB", "data/frontline.db")

# Serve the dashboard on the embedded dataset at http://localhost:8080.
run: build
    ./bin/frontline serve --db {{db}}

# Build the single binary (assets and dataset embedded) into bin/frontline.
build: assets generate
    go build -o bin/frontline ./cmd/frontline

# Install the pinned npm packages (Leaflet; the Arabic font of the pages and of the preview image, and subset-font to cut the pages' copy; axe-core, vnu-jar and check-geojson for the browser tests) and copy browser libraries and the fonts into assets/vendor.
assets:
    if [ ! -d node_modules/leaflet ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/lighthouse ] || [ ! -d node_modules/@fontsource/noto-sans-arabic ] || [ ! -d node_modules/subset-font ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; fi
    rm -rf assets/vendor/leaflet assets/vendor/noto-sans-arabic
    mkdir -p assets/vendor/leaflet assets/vendor/noto-sans-arabic
    cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css assets/vendor/leaflet/
    cp -r node_modules/leaflet/dist/images assets/vendor/leaflet/
    # The pages' Arabic font: regular weight, cut to the characters the pages write in Arabic (app.css says why), with its licence (SIL OFL 1.1).
    node tools/fontsubset/subset.mjs node_modules/@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2 assets/vendor/noto-sans-arabic/noto-sans-arabic-arabic-400-normal.woff2
    cp node_modules/@fontsource/noto-sans-arabic/LICENSE assets/vendor/noto-sans-arabic/OFL.txt
    rm -rf assets/vendor/preview-fonts
    mkdir -p assets/vendor/preview-fonts
    cp node_modules/@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff node_modules/@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff assets/vendor/preview-fonts/
    # Named .txt: `publish` refuses a file without an extension, whose type no static host can tell.
    cp node_modules/@fontsource/noto-sans-arabic/LICENSE assets/vendor/preview-fonts/OFL.txt

# Publish the whole public site as static files into DIR (default public/); again after a data change, only changed files are rewritten.
publish dir="public" base_url="": build
    ./bin/frontline publish --db {{db}} --out {{dir}} {{ if base_url != "" { "--base-url " + base_url } else { "" } }}

# Generate Go code from the templ components.
generate:
    go tool templ generate

# The inner loop: formatting, vet and every Go test that needs no browser, nginx or Java (`-short` skips those), without the race detector.
check: assets generate
    test -z "$(gofmt -l $(git ls-files '*.go' | grep -v '_templ\.go$'))" || { echo "gofmt needed:"; gofmt -l $(git ls-files '*.go' | grep -v '_templ\.go$'); exit 1; }
    go vet ./...
    go test -short -count=1 -timeout 30m ./...

# Every test: formatting, vet, stale generated code, then all Go tests with the race detector (a 75-minute package timeout: the browser and publish tests of cmd/frontline over two years of data are slow under -race on 2 cores, and CI allows 90 minutes in all).
test: assets generate
    test -z "$(gofmt -l $(git ls-files '*.go' | grep -v '_templ\.go$'))" || { echo "gofmt needed:"; gofmt -l $(git ls-files '*.go' | grep -v '_templ\.go$'); exit 1; }
    if [ "${CI:-}" = "true" ] && [ -n "$(git status --porcelain -- '*_templ.go')" ]; then echo "generated templ code is stale: run 'just generate' and commit"; git status --porcelain -- '*_templ.go'; exit 1; fi
    go vet ./...
    go test -race -count=1 -timeout 75m ./...
    just fuzz

# Static checks only.
lint: generate
    gofmt -l $(git ls-files '*.go' | grep -v '_templ\.go$')
    go vet ./...

# Measure speed (snapshot benchmarks, serving, cold start, page weight, scrubbing) and write BENCHMARKS.md; not part of `test`.
bench: build
    mkdir -p "${TMPDIR:-/tmp}/frontline-bench"
    FRONTLINE_BENCH_DIR="${TMPDIR:-/tmp}/frontline-bench/db" go test -run '^$' -bench . -benchtime 2s -count 3 -timeout 60m ./internal/... | tee "${TMPDIR:-/tmp}/frontline-bench/go.txt"
    go build -o "${TMPDIR:-/tmp}/frontline-bench/loadbench" ./tools/bench
    "${TMPDIR:-/tmp}/frontline-bench/loadbench" -bin bin/frontline -gobench "${TMPDIR:-/tmp}/frontline-bench/go.txt" -out BENCHMARKS.md
    # Lighthouse 12.2.3 (npm ci installs it) against Debian's Chromium, mobile, English and Arabic day pages, embedded data and 1,000 synthetic places, median of 3 runs each.
    "${TMPDIR:-/tmp}/frontline-bench/loadbench" lighthouse -bin bin/frontline -work "${TMPDIR:-/tmp}/frontline-bench/lighthouse" -chromium /usr/bin/chromium -runs 3 -out BENCHMARKS.md

# Fuzz every target for a fixed number of executions each (times 1 is about 10 s per target here): day parsing, data files, query parsing. A count, not a duration: with a duration Go 1.26's fuzzer can fail with "context deadline exceeded" as the time runs out (golang/go#75804), with no failing input.
fuzz times="1":
    go test -run '^$' -fuzz '^FuzzParseDay$' -fuzztime $((500000 * {{times}}))x ./internal/control/
    go test -run '^$' -fuzz '^FuzzReadFile$' -fuzztime $((200000 * {{times}}))x ./internal/dataset/
    go test -run '^$' -fuzz '^FuzzQuery$' -fuzztime $((3000 * {{times}}))x ./internal/server/

# Load test: 60 s of mixed traffic at 128 connections against a fresh bin/frontline on 127.0.0.1, failing on any 5xx or transport error; then 60 s of mixed traffic beside a flood of distinct valid addresses, failing when the server's peak RSS passes its memory with the data loaded plus 1.5 × --cache-mb (64 MiB), or on a 5xx other than a build shed with 503.
loadtest: build
    go run ./tools/loadtest --bin bin/frontline --duration 60s --conns 128
    go run ./tools/loadtest --bin bin/frontline --duration 60s --conns 16 --flood 32 --distinct --cache-mb 64 --max-rss 1.5

# Issue 11's table at three scales (embedded data, 1,000 places × 100k events, 10,000 × 1M): import, readiness, day pages, Chromium (bytes, DOM, map visible, slider, Play) and server memory; writes the "At three scales" block of BENCHMARKS.md. Synthetic data is kept in $TMPDIR/frontline-scale between runs. Takes several minutes.
bench-scale: build
    mkdir -p "${TMPDIR:-/tmp}/frontline-scale"
    go build -o "${TMPDIR:-/tmp}/frontline-scale/loadbench" ./tools/bench
    timeout 60m "${TMPDIR:-/tmp}/frontline-scale/loadbench" scale -bin bin/frontline -work "${TMPDIR:-/tmp}/frontline-scale" -out BENCHMARKS.md
