# The two commands of the README: `make site` builds Public/ from Content/, `make test` runs the tests.
.PHONY: site test deps

deps:
	@scripts/ensure-deps.sh

site: deps
	swift run build-site

test: deps
	swift test
