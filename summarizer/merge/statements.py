"""Statements of many articles merged: one when the speaker is the same actor (or a name with the
same last word: "Chancellor Jeremy Hunt" and "Jeremy Hunt") and what was said matches closely."""

from __future__ import annotations

from rapidfuzz import fuzz

from summarizer.ground.names import NameIndex, name_key
from summarizer.merge.clusters import (
    SIMILAR,
    Cluster,
    ClusterIndex,
    RareWords,
    cited_sentences,
    comparable_text,
    distinct,
)
from summarizer.models.records import Statement


def merge_statements(statements: list[Statement], names: NameIndex) -> list[Statement]:
    texts = [comparable_text(s.content) for s in statements]
    rare = RareWords(texts)
    clusters: list[Cluster[Statement]] = []
    index = ClusterIndex()
    for statement, text in zip(statements, texts, strict=True):
        speaker = names.canonical(statement.speaker)
        # By the speaker's name, or by its last word: "Chancellor Jeremy Hunt" is "Jeremy Hunt".
        surname = "surname:" + (name_key(statement.speaker).split() or [""])[-1]
        keys = [(who, w) for who in (speaker, surname) for w in rare.keys(text)] + [(speaker, None)]
        scored = []
        sentences = cited_sentences(statement)
        for i in index.candidates(keys):
            similar = fuzz.token_set_ratio(text, clusters[i].text)
            if similar >= SIMILAR or (sentences & clusters[i].sentences and similar >= 70):
                scored.append((similar, i))
        if scored:
            home = max(scored)[1]
        else:
            home = len(clusters)
            clusters.append(Cluster(record=statement.model_copy(), text=text))
        clusters[home].absorb(statement)
        index.add(keys, home)
    for cluster in clusters:
        cluster.record.citations = distinct(c for m in cluster.members for c in m.citations)
        cluster.record.quoted = any(m.quoted for m in cluster.members)
    return [c.record for c in clusters]
