# summarizer: the two commands most people need are `make brief` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
BUILD_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/summarizer-build

# The embedded model is served by llama.cpp's own llama-server, compiled from the llama.cpp that the
# pinned llama-cpp-python sdist vendors (the sdist is checked by the hash in
# requirements/llama-cpp-python.txt). llama.cpp's default build targets the host CPU, including AMX
# where the CPU advertises it; some virtual machines advertise AMX but forbid it, and every model
# then crashes on its first decode. So the build never targets the host: it enables AVX-512 where
# the CPU has it and AVX2 otherwise, never AMX. The server is cached outside the checkout, keyed by
# version, flags and machine, and copied next to the virtualenv's Python.
LLAMA_CPP_VERSION := 0.3.36
CPU_FLAGS := $(shell grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
has = $(filter $(1),$(CPU_FLAGS))
LLAMA_FLAGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
ifneq ($(and $(call has,avx512f),$(call has,avx512bw),$(call has,avx512vl),$(call has,avx512dq),$(call has,avx512cd)),)
LLAMA_FLAGS += -DGGML_AVX512=ON
LLAMA_FLAGS += $(if $(call has,avx512vbmi),-DGGML_AVX512_VBMI=ON)
LLAMA_FLAGS += $(if $(call has,avx512_vnni),-DGGML_AVX512_VNNI=ON)
LLAMA_FLAGS += $(if $(call has,avx512_bf16),-DGGML_AVX512_BF16=ON)
endif
# One static binary: no TLS (the server listens on loopback only), no tests or examples.
LLAMA_FLAGS += -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DLLAMA_OPENSSL=OFF \
	-DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF
# llama.cpp's JSON-schema grammar lets the model write whitespace between any two tokens of JSON
# ("space ::= | \" \" | \"\\n\"{1,2} [ \\t]{0,20}"); a small model spends a tenth or more of its
# answer on it. The build makes that rule empty, so answers are compact JSON.
LLAMA_PATCH := compact-json-grammar
LLAMA_KEY := $(shell echo "$(LLAMA_CPP_VERSION) $(LLAMA_FLAGS) $(LLAMA_PATCH) $$(uname -m)" | sha256sum | cut -c1-16)
LLAMA_SERVER := $(BUILD_CACHE)/llama-server-$(LLAMA_CPP_VERSION)-$(LLAMA_KEY)/llama-server
# The machine's cmake where it has one, else cmake from PyPI (requirements/cmake.txt, by hash).
CMAKE := $(or $(shell command -v cmake 2>/dev/null),$(BIN)/cmake)

# Installs come from the lock files in requirements/ (every version pinned, every file checked by
# hash), made by `make lock` against PyPI alone. uv installs them; pip only bootstraps uv and
# downloads llama-cpp-python's sdist (by hash) for llama-server's build.
UV := $(BIN)/uv
# Byte-compiled at install time, as pip does.
UV_INSTALL := $(UV) pip install --quiet --compile-bytecode --python $(BIN)/python
# The project itself, editable, built by the hatchling of requirements/build.txt (checked by hash);
# then a check that every installed package has what it requires, the project included (a
# dependency added to pyproject.toml but not yet locked fails here).
INSTALL_SELF := $(UV_INSTALL) --no-deps --build-constraint requirements/build.txt --require-build-hashes -e . && \
	$(UV) --quiet pip check --python $(BIN)/python
LATEST ?= .venv-latest
# The bench scripts import support.synthetic from tests/support/.
BENCH := PYTHONPATH=tests $(BIN)/python

.PHONY: help brief test test-install test-latest install-dev install-embedded install-tools llama-server lock record lint schemas bench bench-merge bench-nightly bench-faults bench-tokens bench-startup bench-speed bench-quality bench-stories clean

help:
	@echo "make brief            set up with the embedded model and write brief.md from seeds/"
	@echo "make test             set up and run the offline test suite"
	@echo "make test-install     pip install . into fresh virtualenvs with old pips (slow, needs PyPI)"
	@echo "make test-latest      the offline suite on the newest versions pyproject.toml allows (in $(LATEST))"
	@echo "make lock             re-resolve every lock file in requirements/ against PyPI"
	@echo "make record           re-record the model responses the tests replay (runs the embedded model)"
	@echo "make lint             ruff, and mypy in strict mode"
	@echo "make schemas          regenerate schemas/ from the models"
	@echo "make bench            time the main job on seeds/ with the embedded model"
	@echo "make bench-merge      time the merge of 1,000 / 10,000 / 100,000 synthetic records"
	@echo "make bench-nightly    extraction at concurrency 1/4/16 against the floor; a warm rerun of 1,000 articles"
	@echo "make bench-faults     nightly runs over good and bad files against a server faulting a third of its answers"
	@echo "make bench-tokens     prompt and completion tokens per seed article; fixed prompt overhead per call"
	@echo "make bench-startup    time the start of the command line tool"
	@echo "make bench-speed      tokens, rates, floor and wall per article on the embedded model"
	@echo "make bench-quality    recall, support, attribution and false disagreements on real stories"
	@echo "make bench-stories    sorting articles into stories: precision and recall on real stories, time and memory at scale"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# pip and uv at the versions of requirements/bootstrap.in, by hash.
$(VENV)/.tools-installed: requirements/bootstrap.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/bootstrap.txt
	touch $@

install-tools: $(VENV)/.tools-installed

$(VENV)/.dev-installed: requirements/dev.txt requirements/build.txt pyproject.toml | $(VENV)/.tools-installed
	$(UV_INSTALL) --require-hashes -r requirements/dev.txt
	$(INSTALL_SELF)
	touch $@

install-dev: $(VENV)/.dev-installed

$(BIN)/cmake: requirements/cmake.txt | $(VENV)/.tools-installed
	$(UV_INSTALL) --require-hashes -r requirements/cmake.txt

# Built once per version, flags and machine (about 13 minutes on 2 cores), in a folder of its own.
$(LLAMA_SERVER): | $(VENV)/.tools-installed $(CMAKE)
	@grep -q '^llama-cpp-python==$(LLAMA_CPP_VERSION) ' requirements/llama-cpp-python.txt || \
		{ echo "requirements/llama-cpp-python.txt does not pin $(LLAMA_CPP_VERSION): run make lock" >&2; exit 1; }
	@echo "Building llama.cpp's llama-server $(LLAMA_CPP_VERSION) (once; about 13 minutes on 2 cores) into $(@D)"
	rm -rf $(@D).tmp && mkdir -p $(@D).tmp
	$(BIN)/pip download --quiet --no-deps --no-binary :all: --require-hashes \
		-r requirements/llama-cpp-python.txt -d $(@D).tmp
	tar -xzf $(@D).tmp/llama_cpp_python-$(LLAMA_CPP_VERSION).tar.gz -C $(@D).tmp
	@grammar=$(@D).tmp/llama_cpp_python-$(LLAMA_CPP_VERSION)/vendor/llama.cpp/common/json-schema-to-grammar.cpp; \
	grep -q '^const std::string SPACE_RULE = ' $$grammar || \
		{ echo "$$grammar has no SPACE_RULE to make compact: check LLAMA_PATCH for this version" >&2; exit 1; }; \
	sed -i 's/^const std::string SPACE_RULE = .*$$/const std::string SPACE_RULE = "\\"\\"";/' $$grammar
	$(CMAKE) -S $(@D).tmp/llama_cpp_python-$(LLAMA_CPP_VERSION)/vendor/llama.cpp -B $(@D).tmp/build \
		$(LLAMA_FLAGS) > $(@D).tmp/configure.log
	$(CMAKE) --build $(@D).tmp/build --target llama-server -j $$(nproc) > $(@D).tmp/build.log
	mkdir -p $(@D).new && cp $(@D).tmp/build/bin/llama-server $(@D).new/
	rm -rf $(@D) && mv $(@D).new $(@D) && rm -rf $(@D).tmp

llama-server: $(LLAMA_SERVER)

# The weights (22 pinned packages) and llama-server, next to the virtualenv's Python.
$(VENV)/.embedded-installed: requirements/embedded.txt requirements/build.txt pyproject.toml $(LLAMA_SERVER) | $(VENV)/.tools-installed
	$(UV_INSTALL) --require-hashes -r requirements/embedded.txt
	install -m 755 $(LLAMA_SERVER) $(BIN)/llama-server
	$(INSTALL_SELF)
	touch $@

install-embedded: $(VENV)/.embedded-installed

brief: install-embedded
	$(BIN)/summarize brief seeds/ --out brief.md

# The install tests are deselected by default (pytest's addopts in pyproject.toml).
test: install-dev
	$(BIN)/python -m pytest

# pytest exits 5 when it collects nothing: here that means the install tests went missing.
test-install: install-dev
	$(BIN)/python -m pytest -m install; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "test-install: no install test was collected" >&2; fi; exit $$rc

# No lock: the newest release every range in pyproject.toml allows, in a virtualenv of its own.
test-latest: $(VENV)/.tools-installed
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(UV) pip install --quiet --compile-bytecode --python $(LATEST)/bin/python --upgrade -e ".[dev]"
	$(UV) pip list --python $(LATEST)/bin/python --format freeze > $(LATEST)/versions.txt
	$(LATEST)/bin/python -m pytest

# Every lock, resolved against PyPI alone (no index, find-links or uv.toml of this machine) for
# Python 3.10 and later on any platform. The three installs share one resolution of all extras,
# so that their common packages have the same versions.
LOCK_ALL := $(VENV)/.lock-all.txt
COMPILE := env -u UV_INDEX -u UV_INDEX_URL -u UV_DEFAULT_INDEX -u UV_EXTRA_INDEX_URL -u UV_FIND_LINKS \
	$(UV) --no-config pip compile --quiet --upgrade --universal --python-version 3.10 \
	--index-url https://pypi.org/simple --custom-compile-command "make lock"
LOCK := $(COMPILE) --generate-hashes

lock: | $(VENV)/.tools-installed
	$(LOCK) requirements/bootstrap.in -o requirements/bootstrap.txt
	$(LOCK) requirements/build.in -o requirements/build.txt
	$(COMPILE) --all-extras --no-annotate pyproject.toml -o $(LOCK_ALL)
	$(LOCK) -c $(LOCK_ALL) pyproject.toml -o requirements/base.txt
	$(LOCK) -c $(LOCK_ALL) --extra dev pyproject.toml -o requirements/dev.txt
	$(LOCK) -c $(LOCK_ALL) --extra embedded pyproject.toml -o requirements/embedded.txt
	echo "llama-cpp-python==$(LLAMA_CPP_VERSION)" | $(LOCK) --no-deps - -o requirements/llama-cpp-python.txt
	echo "cmake>=3.18,<4" | $(LOCK) - -o requirements/cmake.txt
	rm -f $(LOCK_ALL)

# Recorded tests share cassettes (the seeds' answers serve several tests): start from none and
# record each request once. format_fallback.yaml is kept: it is llama-cpp-python's server refusing
# the standard response format, which no server of this project's answers like.
EMBEDDED_CASSETTES := $(filter-out %/format_fallback.yaml,$(wildcard tests/fixtures/cassettes/*.yaml))
record: install-dev install-embedded
	rm -f $(EMBEDDED_CASSETTES)
	SUMMARIZER_RECORD=1 $(BIN)/python -m pytest -m recorded --record-mode=new_episodes

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy

schemas: install-dev
	$(BIN)/python -m summarizer.models.json_schemas

bench: install-embedded
	$(BENCH) bench/brief_seeds.py

bench-merge: install-dev
	$(BENCH) bench/merge_scale.py

bench-nightly: install-dev
	$(BENCH) bench/concurrency.py
	$(BENCH) bench/warm_rerun.py
	$(BENCH) bench/simulated_week.py
	$(BENCH) bench/feed_week.py

bench-faults: install-dev
	$(BENCH) bench/faulty_night.py

bench-tokens: install-embedded
	$(BENCH) bench/tokens.py

bench-startup: install-dev
	$(BENCH) bench/startup.py

bench-speed: install-embedded
	$(BENCH) bench/embedded_speed.py

bench-quality: install-dev
	$(BENCH) bench/quality.py

bench-stories: install-dev
	$(BENCH) bench/stories.py

clean:
	rm -rf $(VENV) $(LATEST) build dist .pytest_cache .ruff_cache
