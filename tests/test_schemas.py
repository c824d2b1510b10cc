from summarizer.models.json_schemas import CHECKOUT_SCHEMAS, PUBLIC_MODELS, generated


def test_committed_schemas_match_the_models():
    for name, text in generated().items():
        committed = (CHECKOUT_SCHEMAS / name).read_text(encoding="utf-8")
        assert committed == text, f"schemas/{name} is stale: run `make schemas`"


def test_every_public_model_has_a_schema_file():
    assert {p.name for p in CHECKOUT_SCHEMAS.glob("*.schema.json")} == set(PUBLIC_MODELS)
