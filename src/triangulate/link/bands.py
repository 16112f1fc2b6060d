"""MinHash LSH band keys (datasketch computes the MinHash and the band shape), as integers a ledger
can index: two items that share a band key are a candidate pair. One function for the in-memory
and the stored path, so a batch linked against the ledger finds exactly the pairs a full rebuild
finds.
"""

from __future__ import annotations

import hashlib
import zlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH


@lru_cache(maxsize=8)
def shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) that datasketch chooses for this Jaccard threshold."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


@lru_cache(maxsize=8)
def _template(num_perm: int) -> MinHash:
    return MinHash(num_perm=num_perm, seed=1, hashfunc=zlib.crc32)  # made once: datasketch draws the permutations per MinHash


def minhash(items: list[bytes], num_perm: int) -> MinHash:
    """CRC-32 as the base hash (stable across processes, 5x faster than datasketch's SHA-1; MinHash
    permutes the hash values anyway)."""
    t = _template(num_perm)
    m = MinHash(num_perm=num_perm, seed=1, hashfunc=zlib.crc32, permutations=t.permutations, scheme=t.scheme)
    m.update_batch(items)
    return m


def band_keys(items: list[bytes], salt: bytes, threshold: float, num_perm: int) -> list[int]:
    return keys_of(minhash(items, num_perm), salt, threshold, num_perm)


def keys_of(m: MinHash, salt: bytes, threshold: float, num_perm: int) -> list[int]:
    return keys_of_values(m.hashvalues, salt, threshold, num_perm)


def keys_of_values(values: np.ndarray | list[int] | tuple[int, ...], salt: bytes, threshold: float,
                   num_perm: int) -> list[int]:
    """The band keys of a MinHash's hash values (read in the integer type datasketch keeps them in, so
    values kept as plain integers give the keys the MinHash gives)."""
    bands, rows = shape(threshold, num_perm)
    values = np.asarray(values, dtype=_template(num_perm).hashvalues.dtype)
    out = []
    for i in range(bands):
        digest = hashlib.blake2b(values[i * rows:(i + 1) * rows].tobytes(), digest_size=8,
                                 person=salt[:16], salt=i.to_bytes(2, "big")).digest()
        out.append(int.from_bytes(digest, "big", signed=True) >> 1)  # 63 bits: a BIGINT everywhere
    return out
