# summarizer: the two commands most people need are `make brief` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
BUILD_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/summarizer-build

# llama.cpp is compiled from source by llama-cpp-python. Its default build targets the host CPU,
# including AMX where the CPU advertises it; some virtual machines advertise AMX but forbid it, and
# every model then crashes on its first decode. So the build never targets the host: it enables
# AVX-512 where the CPU has it and AVX2 otherwise,
# never AMX. The wheel is cached outside the checkout, keyed by version and flags.
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
LLAMA_FLAGS += -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF
LLAMA_KEY := $(shell echo "$(LLAMA_CPP_VERSION) $(LLAMA_FLAGS) $$(uname -m)" | sha256sum | cut -c1-16)
LLAMA_WHEELS := $(BUILD_CACHE)/llama-cpp-python-$(LLAMA_CPP_VERSION)-$(LLAMA_KEY)

.PHONY: help brief test install-dev install-embedded llama-wheel record lint schemas bench bench-merge bench-nightly bench-faults bench-tokens clean

help:
	@echo "make brief            set up with the embedded model and write brief.md from seeds/"
	@echo "make test             set up and run the offline test suite"
	@echo "make record           re-record the model responses the tests replay (runs the embedded model)"
	@echo "make lint             ruff"
	@echo "make schemas          regenerate schemas/ from the models"
	@echo "make bench            time the main job on seeds/ with the embedded model"
	@echo "make bench-merge      time the merge of 1,000 / 10,000 / 100,000 synthetic records"
	@echo "make bench-nightly    extraction at concurrency 1/4/16 against the floor; a warm rerun of 1,000 articles"
	@echo "make bench-faults     nightly runs over good and bad files against a server faulting a third of its answers"
	@echo "make bench-tokens     prompt and completion tokens per seed article; fixed prompt overhead per call"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install-dev: $(VENV)/.dev-installed

llama-wheel: | $(BIN)/python
	@if ! ls $(LLAMA_WHEELS)/llama_cpp_python-*.whl >/dev/null 2>&1; then \
		echo "Building llama-cpp-python $(LLAMA_CPP_VERSION) (once; about 10 minutes on 2 cores) into $(LLAMA_WHEELS)"; \
		mkdir -p $(LLAMA_WHEELS).tmp && \
		CMAKE_ARGS="$(LLAMA_FLAGS)" $(BIN)/pip wheel --quiet --no-deps --no-cache-dir \
			-w $(LLAMA_WHEELS).tmp "llama-cpp-python==$(LLAMA_CPP_VERSION)" && \
		rm -rf $(LLAMA_WHEELS) && mv $(LLAMA_WHEELS).tmp $(LLAMA_WHEELS); \
	fi

$(VENV)/.embedded-installed: pyproject.toml | llama-wheel $(BIN)/python
	$(BIN)/pip install --quiet --find-links $(LLAMA_WHEELS) -e ".[embedded]"
	touch $@

install-embedded: llama-wheel $(VENV)/.embedded-installed

brief: install-embedded
	$(BIN)/summarize brief seeds/ --out brief.md

test: install-dev
	$(BIN)/python -m pytest

# Recorded tests share cassettes (the seeds' answers serve several tests): start from none and
# record each request once.
record: install-dev install-embedded
	rm -f tests/fixtures/cassettes/*.yaml
	SUMMARIZER_RECORD=1 $(BIN)/python -m pytest -m recorded --record-mode=new_episodes

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

schemas: install-dev
	$(BIN)/python -m summarizer.models.json_schemas

bench: install-embedded
	$(BIN)/python bench/brief_seeds.py

bench-merge: install-dev
	$(BIN)/python bench/merge_scale.py

bench-nightly: install-dev
	$(BIN)/python bench/concurrency.py
	$(BIN)/python bench/warm_rerun.py
	$(BIN)/python bench/simulated_week.py

bench-faults: install-dev
	$(BIN)/python bench/faulty_night.py

bench-tokens: install-embedded
	$(BIN)/python bench/tokens.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
