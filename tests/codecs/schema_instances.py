#!/usr/bin/env python3
"""Schema-driven round-trip check of the ISO 20022 codecs.

  schema_instances.py generate SCHEMA_DIR OUT_DIR
      Walks every supported schema (and head.001.001.02) and writes instances to
      OUT_DIR/<msg>.<n>.xml that together use every element, every attribute, every
      branch of every choice and every enumeration value, with values that satisfy
      the facets (patterns, lengths, digits, bounds); repeating elements occur twice
      where first met. Coverage goes to OUT_DIR/coverage.json.

  schema_instances.py compare OUT_DIR
      For each instance X.xml, compares X.encoded.xml (decode -> encode) and
      X.written.xml (decode -> JSON -> encode, i.e. message show -> write) with it,
      leaf by leaf: element path, value and attributes. Prints the coverage report
      and every difference; exit status 1 if anything was lost or changed.

The decoding and encoding is done by the codecs test that runs this script
(tests/codecs/schema_roundtrip_test.cc). Python 3 standard library only.
"""

import json
import os
import random
import re
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation

XS = "{http://www.w3.org/2001/XMLSchema}"
ISO = "urn:iso:std:iso:20022:tech:xsd:"
MESSAGES = [
    "pacs.008.001.08", "pacs.008.001.10", "pacs.002.001.10", "pacs.004.001.09",
    "pacs.009.001.08", "camt.056.001.08", "camt.029.001.09", "camt.053.001.08",
    "camt.054.001.08", "pain.001.001.09",
]
HEADER = "head.001.001.02"
FOREIGN_NS = "urn:example:supplementary"
MAX_INSTANCES = 40


# ------------------------------------------------------------------ schema model

class Particle:
    """An element, a wildcard or a group (sequence/choice) with its occurrences."""

    def __init__(self, kind, name=None, type_=None, min_=1, max_=1, children=None):
        self.kind = kind  # "element", "any", "sequence", "choice"
        self.name = name
        self.type = type_
        self.min = min_
        self.max = max_
        self.children = children or []


class Schema:
    def __init__(self, path):
        root = ET.parse(path).getroot()
        self.ns = root.get("targetNamespace")
        self.complex = {}  # name -> ("content", Particle | None, attributes, simple_base)
        self.simple = {}   # name -> (base, facets dict)
        self.globals = {}
        for node in root:
            if node.tag == XS + "element":
                self.globals[node.get("name")] = local(node.get("type"))
            elif node.tag == XS + "complexType":
                self.complex[node.get("name")] = self._complex(node)
            elif node.tag == XS + "simpleType":
                self.simple[node.get("name")] = self._simple(node)

    @staticmethod
    def _occurs(node):
        mx = node.get("maxOccurs", "1")
        return int(node.get("minOccurs", "1")), (10**9 if mx == "unbounded" else int(mx))

    def _particle(self, node):
        mn, mx = self._occurs(node)
        if node.tag == XS + "element":
            return Particle("element", node.get("name"), local(node.get("type")), mn, mx)
        if node.tag == XS + "any":
            return Particle("any", None, None, mn, mx)
        if node.tag in (XS + "sequence", XS + "choice"):
            kids = [self._particle(c) for c in node if c.tag != XS + "annotation"]
            return Particle(node.tag[len(XS):], None, None, mn, mx, kids)
        raise ValueError("unsupported particle " + node.tag)

    def _complex(self, node):
        attrs, base, content = [], None, None
        for c in node:
            if c.tag in (XS + "sequence", XS + "choice"):
                content = self._particle(c)
            elif c.tag == XS + "simpleContent":
                ext = c.find(XS + "extension")
                base = local(ext.get("base"))
                for a in ext.findall(XS + "attribute"):
                    attrs.append((a.get("name"), local(a.get("type")), a.get("use") == "required"))
        return (content, attrs, base)

    @staticmethod
    def _simple(node):
        r = node.find(XS + "restriction")
        facets = {"enumeration": [], "pattern": []}
        for f in r:
            name = f.tag[len(XS):]
            if name in ("enumeration", "pattern"):
                facets[name].append(f.get("value"))
            else:
                facets[name] = f.get("value")
        return (r.get("base"), facets)


def local(qname):
    return qname.split(":")[-1] if qname else qname


# ------------------------------------------------------------------ values

def gen_regex(pattern, rnd):
    """A string matching an XML Schema regular expression (the subset ISO uses)."""
    pos = 0

    def parse_alt():
        nonlocal pos
        branches = [parse_seq()]
        while pos < len(pattern) and pattern[pos] == "|":
            pos += 1
            branches.append(parse_seq())
        return ("alt", branches)

    def parse_seq():
        nonlocal pos
        items = []
        while pos < len(pattern) and pattern[pos] not in "|)":
            atom = parse_atom()
            lo, hi = 1, 1
            if pos < len(pattern) and pattern[pos] in "?*+{":
                c = pattern[pos]
                pos += 1
                if c == "?":
                    lo, hi = 0, 1
                elif c == "*":
                    lo, hi = 0, 3
                elif c == "+":
                    lo, hi = 1, 3
                else:
                    end = pattern.index("}", pos)
                    spec = pattern[pos:end]
                    pos = end + 1
                    if "," in spec:
                        a, b = spec.split(",")
                        lo, hi = int(a), (int(b) if b else int(a) + 3)
                    else:
                        lo = hi = int(spec)
            items.append((atom, lo, hi))
        return ("seq", items)

    def parse_class():
        nonlocal pos
        chars = []
        pos += 1  # [
        while pattern[pos] != "]":
            c = pattern[pos]
            if c == "\\":
                c = pattern[pos + 1]
                pos += 2
            else:
                pos += 1
            if pos + 1 < len(pattern) and pattern[pos] == "-" and pattern[pos + 1] != "]":
                hi = pattern[pos + 1]
                if hi == "\\":
                    hi = pattern[pos + 2]
                    pos += 1
                pos += 2
                chars.extend(chr(x) for x in range(ord(c), ord(hi) + 1))
            else:
                chars.append(c)
        pos += 1
        return ("class", chars)

    def parse_atom():
        nonlocal pos
        c = pattern[pos]
        if c == "[":
            return parse_class()
        if c == "(":
            pos += 1
            inner = parse_alt()
            pos += 1  # )
            return inner
        if c == "\\":
            pos += 2
            e = pattern[pos - 1]
            if e == "d":
                return ("class", list("0123456789"))
            return ("class", [e])
        pos += 1
        if c == ".":
            return ("class", list("AZaz09"))
        return ("class", [c])

    tree = parse_alt()

    def emit(node):
        if node[0] == "class":
            return rnd.choice(node[1])
        if node[0] == "alt":
            return emit(rnd.choice(node[1]))
        out = []
        for atom, lo, hi in node[1]:
            for _ in range(rnd.randint(lo, hi)):
                out.append(emit(atom))
        return "".join(out)

    return emit(tree)


TEXTS = [
    "Müller & Söhne <GmbH>",
    "O'Brien \"Ltd\" / 12-3",
    "Ünïcödé 中文 ß €",
    "Plain text 42",
    "A > B & C < D",
]
DATE_TIMES = [
    "2022-10-20T09:25:00+01:00",
    "2024-03-15T10:30:15.960+05:00",
    "2023-06-30T23:59:59.1-04:30",
    "2023-01-01T00:00:00Z",
    "2024-02-29T12:00:00",
]
DATES = ["2024-02-29", "2022-10-20", "2023-12-31"]
TIMES = ["09:25:00+01:00", "10:30:15.960+05:00", "23:59:59Z"]


class Values:
    def __init__(self, schema, coverage, rnd):
        self.schema = schema
        self.coverage = coverage
        self.rnd = rnd
        self.counter = 0

    def facets(self, type_name):
        base, facets = None, {"enumeration": [], "pattern": []}
        name = type_name
        chain = []
        while name in self.schema.simple:
            chain.append(self.schema.simple[name])
            name = local(self.schema.simple[name][0])
        base = name
        for _, f in reversed(chain):
            for k, v in f.items():
                if k in ("enumeration", "pattern"):
                    if v:
                        facets[k] = v
                else:
                    facets[k] = v
        return base, facets

    def value(self, type_name):
        self.counter += 1
        base, f = self.facets(type_name)
        if f["enumeration"]:
            values = f["enumeration"]
            for v in values:
                key = (type_name, v)
                if key not in self.coverage["enum_used"]:
                    self.coverage["enum_used"].add(key)
                    return v
            return values[self.counter % len(values)]
        if base == "boolean":
            return "true" if self.counter % 2 else "false"
        if base == "date":
            return DATES[self.counter % len(DATES)]
        if base == "dateTime":
            return DATE_TIMES[self.counter % len(DATE_TIMES)]
        if base == "time":
            return TIMES[self.counter % len(TIMES)]
        if base == "gYear":
            return "2024"
        if base == "gYearMonth":
            return "2024-03"
        if base == "decimal":
            return self.decimal(f)
        if base == "base64Binary":
            return "SGVsbG8gd29ybGQ="
        if base != "string":
            raise ValueError("no generator for base type " + base + " of " + type_name)
        lo = int(f.get("minLength", f.get("length", 0)))
        hi = int(f.get("maxLength", f.get("length", 10**6)))
        if f["pattern"]:
            for _ in range(200):
                s = gen_regex(f["pattern"][0], self.rnd)
                if lo <= len(s) <= hi and all(re.fullmatch(p, s) for p in f["pattern"]):
                    return s
            raise ValueError("cannot satisfy the facets of " + type_name)
        s = TEXTS[self.counter % len(TEXTS)]
        if len(s) > hi:
            s = s[:hi]
        if len(s) < lo:
            s = s + "x" * (lo - len(s))
        return s

    def decimal(self, f):
        total = int(f.get("totalDigits", 18))
        frac = int(f.get("fractionDigits", 0 if "totalDigits" not in f else min(total - 1, 5)))
        variant = self.counter % 3
        if variant == 0:
            use_frac = min(frac, 2)
        elif variant == 1:
            use_frac = frac
        else:
            use_frac = 0
        int_digits = max(1, min(total - use_frac, 4 if variant != 1 else 1))
        int_part = str(self.rnd.randint(10 ** (int_digits - 1), 10**int_digits - 1))
        if use_frac:
            frac_part = "".join(self.rnd.choice("0123456789") for _ in range(use_frac - 1))
            frac_part += self.rnd.choice("123456789")
            s = int_part + "." + frac_part
        else:
            s = int_part
        if "minInclusive" in f and Decimal(s) < Decimal(f["minInclusive"]):
            s = f["minInclusive"]
        return s


# ------------------------------------------------------------------ instances

def esc(s, attr=False):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace('"', "&quot;") if attr else s


class Generator:
    def __init__(self, schema, coverage, seed):
        self.schema = schema
        self.cov = coverage
        self.values = Values(schema, coverage, random.Random(seed))
        self.rotation = {}

    def instance(self, root):
        self.first_repeat = set()
        out = []
        self.element(out, root, self.schema.globals[root], top=True)
        return "".join(out)

    def element(self, out, name, type_name, top=False):
        xmlns = ' xmlns="%s"' % self.schema.ns if top else ""
        if type_name in self.schema.complex:
            content, attrs, base = self.schema.complex[type_name]
            if base is not None:
                attr_text = ""
                for a, at, _ in attrs:
                    self.cov["attr_used"].add((type_name, a))
                    attr_text += ' %s="%s"' % (a, esc(self.values.value(at), True))
                out.append("<%s%s%s>%s</%s>" % (name, xmlns, attr_text,
                                                esc(self.values.value(base)), name))
                return
            out.append("<%s%s>" % (name, xmlns))
            if content is not None:
                self.particle(out, type_name, content, [0])
            out.append("</%s>" % name)
            return
        out.append("<%s%s>%s</%s>" % (name, xmlns, esc(self.values.value(type_name)), name))

    def particle(self, out, type_name, p, group_index):
        if p.kind == "element":
            key = (type_name, p.name)
            self.cov["elem_used"].add(key)
            count = 1
            if p.max > 1 and key not in self.first_repeat:
                self.first_repeat.add(key)
                count = 2
            for _ in range(count):
                self.element(out, p.name, p.type)
            return
        if p.kind == "any":
            self.cov["any_used"].add(type_name)
            n = self.values.counter
            out.append(
                '<x:Ext xmlns:x="%s" x:ref="r%d" xml:lang="en"><x:Item seq="1">Value &amp; more %d</x:Item>'
                '<x:Item seq="2"><x:Deep>ü</x:Deep></x:Item><Plain xmlns="%s">p</Plain></x:Ext>'
                % (FOREIGN_NS, n, n, FOREIGN_NS + ":other"))
            return
        gi = group_index[0]
        group_index[0] += 1
        if p.kind == "sequence":
            for c in p.children:
                self.particle(out, type_name, c, group_index)
            return
        # choice: an uncovered branch first, otherwise the next in turn
        branches = p.children
        pick = None
        for i, c in enumerate(branches):
            if (type_name, gi, i) not in self.cov["branch_used"]:
                pick = i
                break
        if pick is None:
            k = (type_name, gi)
            pick = self.rotation.get(k, 0) % len(branches)
            self.rotation[k] = pick + 1
        self.cov["branch_used"].add((type_name, gi, pick))
        self.particle(out, type_name, branches[pick], group_index)


def reachable(schema, root):
    """Every (type, element), (type, attribute), (type, choice, branch), enum value."""
    elems, attrs, branches, enums, anys, seen = set(), set(), set(), set(), set(), set()
    stack = [schema.globals[root]]
    while stack:
        t = stack.pop()
        if t in seen:
            continue
        seen.add(t)
        if t in schema.complex:
            content, a, base = schema.complex[t]
            for name, at, _ in a:
                attrs.add((t, name))
                stack.append(at)
            if base:
                stack.append(base)
            gi = [0]

            def walk(p):
                if p.kind == "element":
                    elems.add((t, p.name))
                    stack.append(p.type)
                    return
                if p.kind == "any":
                    anys.add(t)
                    return
                i = gi[0]
                gi[0] += 1
                for k, c in enumerate(p.children):
                    if p.kind == "choice":
                        branches.add((t, i, k))
                    walk(c)

            if content is not None:
                walk(content)
        elif t in schema.simple:
            base, f = schema.simple[t]
            for v in f["enumeration"]:
                enums.add((t, v))
            stack.append(local(base))
    return elems, attrs, branches, enums, anys


def generate(schema_dir, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    head = Schema(os.path.join(schema_dir, HEADER + ".xsd"))
    report = {}

    def run(schema, root, seed):
        cov = {k: set() for k in ("elem_used", "attr_used", "branch_used", "enum_used", "any_used")}
        total = reachable(schema, root)
        gen = Generator(schema, cov, seed)
        instances = []
        while len(instances) < MAX_INSTANCES:
            before = sum(len(v) for v in cov.values())
            instances.append(gen.instance(root))
            if sum(len(v) for v in cov.values()) == before and len(instances) > 1:
                instances.pop()
                break
        return instances, cov, total

    head_instances, head_cov, head_total = run(head, "AppHdr", 7)
    report[HEADER] = summary(head_cov, head_total, len(head_instances))
    h = 0
    for msg in MESSAGES:
        schema = Schema(os.path.join(schema_dir, msg + ".xsd"))
        docs, cov, total = run(schema, "Document", sum(map(ord, msg)))
        # Every header instance travels with some message at least once.
        while len(docs) < len(head_instances):
            docs.append(docs[len(docs) % max(1, len(docs))])
        for n, doc in enumerate(docs):
            if n == 0:
                text = '<?xml version="1.0" encoding="UTF-8"?>\n' + doc + "\n"
            else:
                hdr = head_instances[h % len(head_instances)]
                h += 1
                text = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                        '<Envelope xmlns="urn:swift:xsd:envelope">' + hdr + doc + "</Envelope>\n")
            with open(os.path.join(out_dir, "%s.%02d.xml" % (msg, n)), "w", encoding="utf-8") as f:
                f.write(text)
        report[msg] = summary(cov, total, len(docs))
    with open(os.path.join(out_dir, "coverage.json"), "w") as f:
        json.dump(report, f, indent=1)


def summary(cov, total, instances):
    elems, attrs, branches, enums, anys = total
    return {
        "instances": instances,
        "elements": [len(cov["elem_used"] & elems), len(elems)],
        "attributes": [len(cov["attr_used"] & attrs), len(attrs)],
        "choice_branches": [len(cov["branch_used"] & branches), len(branches)],
        "enumeration_values": [len(cov["enum_used"] & enums), len(enums)],
        "wildcards": [len(cov["any_used"] & anys), len(anys)],
        "missing": sorted("%s/%s" % e for e in elems - cov["elem_used"])[:20],
    }


# ------------------------------------------------------------------ comparison

def parts(path):
    root = ET.parse(path).getroot()
    found = {}
    for el in root.iter():
        name = el.tag.split("}")[-1]
        if name in ("AppHdr", "Document") and name not in found:
            found[name] = el
    return found


def leaves(el, prefix, out):
    counts = {}
    for child in el:
        counts[child.tag] = counts.get(child.tag, 0) + 1
        p = "%s/%s[%d]" % (prefix, child.tag, counts[child.tag])
        attrs = tuple(sorted(child.attrib.items()))
        if len(child) == 0:
            out[p] = (child.text or "", attrs)
        else:
            out[p] = (None, attrs)
            leaves(child, p, out)


def same_value(a, b):
    if a == b:
        return True
    if a is None or b is None:
        return False
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return False


def compare(out_dir):
    with open(os.path.join(out_dir, "coverage.json")) as f:
        report = json.load(f)
    failures = []
    compared = {}
    normalised = 0
    for name in sorted(os.listdir(out_dir)):
        if not re.fullmatch(r".*\.\d\d\.xml", name):
            continue
        msg = name.rsplit(".", 2)[0]
        src = parts(os.path.join(out_dir, name))
        for kind in ("encoded", "written"):
            out_path = os.path.join(out_dir, name[:-4] + "." + kind + ".xml")
            if not os.path.exists(out_path):
                failures.append("%s: no %s output" % (name, kind))
                continue
            dst = parts(out_path)
            for part, el in src.items():
                a, b = {}, {}
                leaves(el, "/" + part, a)
                if part not in dst:
                    failures.append("%s (%s): %s lost" % (name, kind, part))
                    continue
                leaves(dst[part], "/" + part, b)
                compared[msg] = compared.get(msg, 0) + len(a)
                for p, (v, at) in a.items():
                    if p not in b:
                        failures.append("%s (%s): lost %s" % (name, kind, p))
                    elif not same_value(v, b[p][0]) or at != b[p][1]:
                        failures.append("%s (%s): changed %s: %r %r -> %r %r"
                                        % (name, kind, p, v, at, b[p][0], b[p][1]))
                    elif v != b[p][0]:
                        normalised += 1
                for p in b:
                    if p not in a:
                        failures.append("%s (%s): added %s" % (name, kind, p))
    print("%-16s %9s %13s %11s %15s %13s %9s %12s" % (
        "message", "instances", "elements", "attributes", "choice branches",
        "enum values", "xs:any", "leaves x2"))
    for msg, r in report.items():
        print("%-16s %9d %13s %11s %15s %13s %9s %12s" % (
            msg, r["instances"], "%d/%d" % tuple(r["elements"]), "%d/%d" % tuple(r["attributes"]),
            "%d/%d" % tuple(r["choice_branches"]), "%d/%d" % tuple(r["enumeration_values"]),
            "%d/%d" % tuple(r["wildcards"]), compared.get(msg, "-")))
        for m in r["missing"]:
            failures.append("%s: element never generated: %s" % (msg, m))
        for k in ("elements", "attributes", "choice_branches", "enumeration_values", "wildcards"):
            if r[k][0] != r[k][1]:
                failures.append("%s: %s covered %d of %d" % (msg, k, r[k][0], r[k][1]))
    print("decimal values written in another lexical form (same number): %d" % normalised)
    for f in failures[:200]:
        print("LOSS " + f)
    if len(failures) > 200:
        print("... %d more" % (len(failures) - 200))
    print("%d differences" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "generate":
        generate(sys.argv[2], sys.argv[3])
        sys.exit(0)
    if len(sys.argv) == 3 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2]))
    sys.stderr.write(__doc__)
    sys.exit(2)
