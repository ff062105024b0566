#!/usr/bin/env python3
"""Seeds for the `pipeline` fuzz target.

    python3 tests/fuzz/make_corpus.py seeds    # the small committed seed set, tests/fuzz/seeds/pipeline
    python3 tests/fuzz/make_corpus.py corpus   # + paragraphs of ../shared/corpus, tests/fuzz/corpus/pipeline

The committed seeds come from the sample page (tests/fixtures) and hand-made hostile bits;
texts of ../shared/corpus are read at run time only, never copied into the repository.
Each text is written as UTF-8, and some also as GB18030, UTF-16 LE/BE with a BOM, UTF-16
without a BOM, and cut in the middle of a character.
"""
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PAGE = os.path.join(ROOT, "tests", "fixtures", "tongliao-2026-03-21-p1.txt")
SHARED = os.path.join(ROOT, "..", "shared", "corpus")


def encodings(text, every=True):
    u8 = text.encode("utf-8")
    yield u8
    if every:
        yield text.encode("gb18030", errors="replace")
        yield b"\xff\xfe" + text.encode("utf-16-le")
        yield b"\xfe\xff" + text.encode("utf-16-be")
        yield text.encode("utf-16-le")
        yield u8[:-1] if len(u8) > 1 else u8


def page_pieces():
    with open(PAGE, encoding="utf-8") as f:
        page = f.read()
    paras = [p for p in page.split("\n\n") if p.strip()]
    # Windows of 1-4 paragraphs: headlines with bylines, body text, markers.
    out = []
    for i in range(0, len(paras), 3):
        out.append("\n\n".join(paras[i:i + 4]))
    return page, out


HOSTILE = [
    "",
    "\"" * 300,
    "“" * 200 + "”" * 200,
    "“不忘初心”" * 40 + "「」『』‘’＂" * 30,
    "地区生产总值" + "9" * 2000 + "亿元，增长" + "1" * 500 + ".5%。",
    "人口" + "９" * 300 + "万人，1e999元，一" * 3 + "万亿。",
    "中国\x00文字\x01\x07\x1b\x7f\u0085\u009f，国务院总理李强在北京。",
    "\ufeff通辽\u200b市委😀书记👨‍👩‍👧在\u2028科左后旗\ufeff调研🇨🇳。\r\n新华社北京3月20日电 李强会见。",
    "在主要指标中,(下转第三版)\n\n（上接第1版）\n\n中共中央办公厅印发意见（转第2版）",
    "本报讯(记者 常宏亮 梁超\n\n通讯员 何静) 从“能办”向“好办”升级。",
    "以学铸魂、以学增智、以学正风、以学促干、" * 20,
    "。" * 500 + "\n" * 200 + "，、；：" * 100,
    "《" * 100 + "中共中央关于制定规划的建议" + "》" * 100,
    "3月\n\n17日至19日,2026年\n\n3月,十四五\n\n规划",
    "奇·达楞太" + "·" * 200 + "阿不都热依木·艾力",
]


def write(dest, blobs):
    os.makedirs(dest, exist_ok=True)
    n = 0
    for b in blobs:
        if not b:
            continue
        name = hashlib.sha1(b).hexdigest()
        with open(os.path.join(dest, name), "wb") as f:
            f.write(b)
        n += 1
    return n


def seeds():
    _, pieces = page_pieces()
    blobs = []
    for i, p in enumerate(pieces[:6]):
        blobs.extend(encodings(p, every=(i < 2)))
    for h in HOSTILE:
        blobs.extend(encodings(h, every=False))
    blobs.append(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    blobs.append(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))
    blobs.append(b"\xef\xbb\xbf" + HOSTILE[7].encode("utf-8"))
    return write(os.path.join(HERE, "seeds", "pipeline"), blobs)


def corpus():
    page, pieces = page_pieces()
    blobs = [page.encode("utf-8")]
    for p in pieces:
        blobs.extend(encodings(p))
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        path = os.path.join(SHARED, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for k, line in enumerate(f):
                if k % 4:
                    continue
                content = json.loads(line).get("content", "")
                paras = [p for p in content.split("\n") if p.strip()]
                for j in range(0, min(len(paras), 60), 12):
                    text = "\n".join(paras[j:j + 3])[:3000]
                    blobs.extend(encodings(text, every=(j == 0)))
    return write(os.path.join(HERE, "corpus", "pipeline"), blobs)


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "seeds"
    n = seeds() if what == "seeds" else corpus()
    print(f"{n} files")
