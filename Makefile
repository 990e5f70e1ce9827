# Shortcuts; README's two commands (scripts/build.sh, scripts/test.sh) work without make.
.PHONY: help book html validate test lint record bench release site publish clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

book:  ## Build the site and the PDF, installing what is missing
	bash scripts/build.sh

html:  ## Build the site only (quicker while editing chapters)
	bash scripts/build.sh --no-pdf

validate:  ## Validate data/ (the build runs this first); FIX=1 rewrites files in standard form
	.venv/bin/python -m bao_cao.data.validate $(if $(FIX),--fix)

test:  ## Run the tests, installing what they need
	bash scripts/test.sh

lint:  ## ruff check and format check, mypy
	.venv/bin/ruff check bao_cao tests benchmarks scripts && .venv/bin/ruff format --check bao_cao tests benchmarks scripts && .venv/bin/mypy

bench:  ## Time builds with hyperfine against the stock settings (benchmarks/results.md)
	command -v hyperfine >/dev/null || apt-get install -y hyperfine
	.venv/bin/python benchmarks/bench.py

release:  ## Keep a release for good and assemble the site: make release VERSION=0.2.0
	.venv/bin/python -m bao_cao.site.releases release $(VERSION)

site:  ## Assemble _build/site from the kept releases (releases/), nothing rebuilt
	bash scripts/site.sh

publish:  ## Publish _build/site to DEST atomically: make publish DEST=/srv/bao-cao
	.venv/bin/python -m bao_cao.site.publish $(DEST)

record:  ## Re-derive data/record.csv from the report's source text in data/source
	.venv/bin/python -m bao_cao.data.prepare_record

clean:  ## Remove built outputs (keeps .venv)
	rm -rf _build
