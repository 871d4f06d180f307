"""Sentences for composition: the splitter lives in medbrief.sentences (parse cuts long passages with it too)."""

from __future__ import annotations

from ..sentences import Segment, Sentence, content_words, segments, sentences, similarity

__all__ = ["Segment", "Sentence", "content_words", "segments", "sentences", "similarity"]
