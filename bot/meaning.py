"""A meaning signal: static sentence embeddings from the ``wordllama`` wheel.

The wheel ships its 256-dimension weights (``weights/l2_supercat_256.safetensors``)
and its tokenizer (``tokenizers/l2_supercat_tokenizer_config.json``); its loader
looks for the tokenizer in a ``tokenizer`` folder that does not exist, so the
package's own directory is passed as ``cache_dir`` and downloads are disabled:
nothing is ever fetched at run time. An embedding is the mean of the words' static
vectors, so embedding a question costs well under a millisecond.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bot.typed import readable

log = logging.getLogger(__name__)

DIM = 256
BATCH = 512
_lock = threading.Lock()
_model: Any = None


def model() -> Any:
    """The embedding model, loaded once from the installed wheel (never downloaded); search
    and the stance reader share it."""
    global _model
    with _lock:
        if _model is None:
            import wordllama
            from wordllama import WordLlama

            package = Path(wordllama.__file__).parent
            _model = WordLlama.load(
                config="l2_supercat", dim=DIM, cache_dir=package, disable_download=True
            )
            log.debug("meaning: wordllama loaded from %s", package)
        return _model


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors (float32, one row per text); an empty text gives a zero row."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    wordllama = model()
    rows = []
    for start in range(0, len(texts), BATCH):
        # The tokenizer refuses a lone surrogate (half an emoji): read it as U+FFFD.
        batch = [readable(t)[0] or " " for t in texts[start : start + BATCH]]
        rows.append(np.asarray(wordllama.embed(batch, norm=True), dtype=np.float32))
    vectors = np.vstack(rows)
    vectors[~np.isfinite(vectors).all(axis=1)] = 0.0
    return vectors


def embed_one(text: str) -> np.ndarray:
    """The unit vector of one text: the same mean of token vectors as ``embed``, without
    the batch's padding and masks (a question is embedded on every search)."""
    wordllama = model()
    encoded = wordllama.tokenizer.encode(readable(text)[0] or " ", add_special_tokens=False)
    ids = encoded.ids
    if not ids:
        return np.zeros(DIM, dtype=np.float32)
    if max(ids) >= len(wordllama.embedding):  # as wordllama does: clamp to its vocabulary
        ids = [min(i, len(wordllama.embedding) - 1) for i in ids]
    vector = wordllama.embedding[ids].mean(axis=0, dtype=np.float32)
    size = float(np.linalg.norm(vector))
    return vector / size if size and np.isfinite(size) else np.zeros(DIM, dtype=np.float32)
