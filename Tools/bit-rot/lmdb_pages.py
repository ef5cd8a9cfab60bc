"""Reads an LMDB 0.9 data file (64-bit, little-endian) page by page, without LMDB: which page
is what, and which B-tree reaches it. Written from LMDB's documented on-disk layout (mdb.c's
MDB_page, MDB_meta, MDB_db and MDB_node) for Tools/bit-rot/bit_rot.py, which needs to know
where a flipped bit landed.

Page header (16 bytes): pgno u64 at 0, pad u16 at 8, flags u16 at 10, then lower u16 at 12 and
upper u16 at 14 (an overflow page holds its page count u32 at 12 instead); the node offsets
(u16 each) follow. A meta page holds the meta record at 16: magic u32, version u32, address
u64, mapsize u64, the free list's and the main database's 48-byte records (pad u32 — the page
size in the free list's —, flags u16, depth u16, branch, leaf and overflow page counts, entries
and root, u64 each), the last page u64 and the transaction id u64. A node: data size (leaf) or
child page number's low 32 bits (branch) as two u16, flags u16 (a branch node's: the page
number's high 16 bits), key size u16, then the key and the data.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

P_BRANCH, P_LEAF, P_OVERFLOW, P_META = 0x01, 0x02, 0x04, 0x08
F_BIGDATA, F_SUBDATA = 0x01, 0x02
P_INVALID = 0xFFFF_FFFF_FFFF_FFFF
PAGE_HEADER = 16
NODE_HEADER = 8
MAGIC = 0xBEEFC0DE
FREE_LIST = "(free list)"
MAIN = "(main)"


@dataclass
class Meta:
    page: int
    txnid: int
    last_page: int
    page_size: int
    roots: dict[str, int]  # FREE_LIST and MAIN: their root page numbers


@dataclass
class Layout:
    """What every page of the file is: `kinds[pgno]` is ("meta"|"branch"|"leaf"|"overflow"|
    "free"|"unused", table or None); `lower[pgno]` the end of a tree page's header and node
    offsets, `upper[pgno]` the start of its nodes (the bytes between are unused)."""

    page_size: int
    page_count: int
    meta: Meta
    kinds: dict[int, tuple[str, str | None]] = field(default_factory=dict)
    lower: dict[int, int] = field(default_factory=dict)
    upper: dict[int, int] = field(default_factory=dict)
    overflow_used: dict[int, int] = field(default_factory=dict)  # first page → data bytes
    tables: list[str] = field(default_factory=list)


def read_meta(data: bytes, page: int, page_size: int) -> Meta:
    base = page * page_size + PAGE_HEADER
    magic, _version = struct.unpack_from("<II", data, base)
    if magic != MAGIC:
        raise ValueError(f"meta page {page} has no LMDB magic")
    psize = struct.unpack_from("<I", data, base + 24)[0]
    free_root = struct.unpack_from("<Q", data, base + 24 + 40)[0]
    main_root = struct.unpack_from("<Q", data, base + 72 + 40)[0]
    last_page, txnid = struct.unpack_from("<QQ", data, base + 120)
    return Meta(page, txnid, last_page, psize, {FREE_LIST: free_root, MAIN: main_root})


def layout(data: bytes) -> Layout:
    page_size = struct.unpack_from("<I", data, PAGE_HEADER + 24)[0]
    metas = [read_meta(data, 0, page_size), read_meta(data, 1, page_size)]
    newest = max(metas, key=lambda m: m.txnid)
    result = Layout(page_size, len(data) // page_size, newest)
    result.kinds[0] = ("meta", None)
    result.kinds[1] = ("meta", None)
    free_pages: list[int] = []

    def page(pgno: int) -> bytes:
        return data[pgno * page_size:(pgno + 1) * page_size]

    def walk(pgno: int, table: str, leaf_entries: list[tuple[bytes, bytes, int]]) -> None:
        body = page(pgno)
        flags = struct.unpack_from("<H", body, 10)[0]
        lower, upper = struct.unpack_from("<HH", body, 12)
        kind = "branch" if flags & P_BRANCH else "leaf"
        result.kinds[pgno] = (kind, table)
        result.lower[pgno], result.upper[pgno] = lower, upper
        for index in range((lower - PAGE_HEADER) // 2):
            offset = struct.unpack_from("<H", body, PAGE_HEADER + 2 * index)[0]
            lo, hi, node_flags, key_size = struct.unpack_from("<HHHH", body, offset)
            key = body[offset + NODE_HEADER:offset + NODE_HEADER + key_size]
            if kind == "branch":
                walk(lo | hi << 16 | node_flags << 32, table, leaf_entries)
                continue
            size = lo | hi << 16
            start = offset + NODE_HEADER + key_size
            if node_flags & F_BIGDATA:
                first = struct.unpack_from("<Q", body, start)[0]
                pages = struct.unpack_from("<I", data, first * page_size + 12)[0]
                for number in range(first, first + pages):
                    result.kinds[number] = ("overflow", table)
                result.overflow_used[first] = size
                value = data[first * page_size + PAGE_HEADER:first * page_size + PAGE_HEADER + size]
            else:
                value = body[start:start + size]
            leaf_entries.append((key, value, node_flags))

    free_entries: list[tuple[bytes, bytes, int]] = []
    if newest.roots[FREE_LIST] != P_INVALID:
        walk(newest.roots[FREE_LIST], FREE_LIST, free_entries)
    for _key, value, _flags in free_entries:
        count = struct.unpack_from("<Q", value, 0)[0]
        free_pages.extend(struct.unpack_from(f"<{count}Q", value, 8))
    main_entries: list[tuple[bytes, bytes, int]] = []
    if newest.roots[MAIN] != P_INVALID:
        walk(newest.roots[MAIN], MAIN, main_entries)
    for key, value, flags in main_entries:
        if not flags & F_SUBDATA:
            continue
        name = key.decode("utf-8", "replace")
        result.tables.append(name)
        root = struct.unpack_from("<Q", value, 40)[0]
        if root != P_INVALID:
            walk(root, name, [])
    for number in free_pages:
        result.kinds.setdefault(number, ("free", None))
    for number in range(result.page_count):
        result.kinds.setdefault(number, ("unused", None))
    return result
