#!/usr/bin/env python3
"""Differential check of the product's XSDs against another schema set.

    tests/codecs/schema_differential.py BUILD_DIR SCHEMA_DIR [--per-sample N] [--seed S]

Takes every valid XML sample of the codecs tests, makes N mutants of each (an
element removed, repeated, moved before its previous sibling, or renamed; a text
value emptied, lengthened, or given characters outside the usual patterns), and
validates all of them with `gatewayctl message validate`, once with the product's
schemas and once with SCHEMA_DIR's. Business rules apply in both runs, so every
mutant on which the two verdicts differ shows a difference between the schemas;
each is printed with both outputs. Exit 0 only if no verdict differs.
"""
import argparse
import pathlib
import random
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parents[2]


def elements_with_parent(root):
    for parent in root.iter():
        for index, child in enumerate(list(parent)):
            yield parent, index, child


def mutate(tree, rng):
    """Applies one random mutation in place; returns its description."""
    root = tree.getroot()
    triples = list(elements_with_parent(root))
    parent, index, child = rng.choice(triples)
    name = child.tag.split('}')[-1]
    ns = child.tag[:child.tag.index('}') + 1] if child.tag.startswith('{') else ''
    kind = rng.choice(['remove', 'repeat', 'move', 'rename', 'empty', 'long', 'chars'])
    if kind == 'remove':
        parent.remove(child)
    elif kind == 'repeat':
        parent.insert(index + 1, ET.fromstring(ET.tostring(child)))
    elif kind == 'move':
        if index == 0:
            return None
        parent.remove(child)
        parent.insert(index - 1, child)
    elif kind == 'rename':
        child.tag = ns + name + 'X'
    else:
        leaves = [e for e in root.iter() if len(e) == 0 and (e.text or '').strip()]
        if not leaves:
            return None
        child = rng.choice(leaves)
        name = child.tag.split('}')[-1]
        if kind == 'empty':
            child.text = ''
        elif kind == 'long':
            child.text = (child.text * 40)[:2100]
        else:
            child.text = rng.choice(['-1', '1.2345678', 'abc', 'ZZ', '2026-02-30', 'x y', '99999999999999999999'])
    return f'{kind} {name}'


def validate(ctl, schemas, files):
    """Maps each file to ['OK' or 'INVALID', its output lines...]."""
    out = subprocess.run([ctl, 'message', 'validate', '--schemas', str(schemas), *map(str, files)],
                         capture_output=True, text=True).stdout
    names = {str(f) for f in files}
    verdicts, current = {}, None
    for line in out.splitlines():
        m = re.match(r'^(\S.*?): (OK|INVALID)\b', line)
        if m and m.group(1) in names:
            current = m.group(1)
            verdicts[current] = [m.group(2), line]
        elif current:
            verdicts[current].append(line)
    return verdicts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('build')
    ap.add_argument('schemas')
    ap.add_argument('--per-sample', type=int, default=40)
    ap.add_argument('--seed', type=int, default=20022)
    args = ap.parse_args()
    ctl = pathlib.Path(args.build).resolve() / 'bin' / 'gatewayctl'
    ours = ROOT / 'schemas' / 'iso20022'
    rng = random.Random(args.seed)
    samples = sorted(p for p in (ROOT / 'tests' / 'codecs' / 'data').rglob('*.xml')
                     if not p.name.startswith('invalid'))
    with tempfile.TemporaryDirectory() as work:
        files, what = [], {}
        for sample in samples:
            made = 0
            for attempt in range(args.per_sample * 3):
                if made == args.per_sample:
                    break
                tree = ET.parse(sample)
                for prefix, uri in re.findall(r'xmlns(?::(\w+))?="([^"]+)"', sample.read_text()):
                    ET.register_namespace(prefix, uri)
                description = mutate(tree, rng)
                if description is None:
                    continue
                path = pathlib.Path(work) / f'{len(files):05d}.{sample.stem}.xml'
                tree.write(path, encoding='utf-8', xml_declaration=True)
                files.append(path)
                what[str(path)] = f'{sample.relative_to(ROOT)}: {description}'
                made += 1
        a = validate(ctl, ours, files)
        b = validate(ctl, args.schemas, files)
        differ = 0
        counts = {'OK': 0, 'INVALID': 0}
        for f in map(str, files):
            va, vb = a.get(f, ['MISSING']), b.get(f, ['MISSING'])
            counts[va[0]] = counts.get(va[0], 0) + 1
            if va[0] != vb[0] or va[0] == 'MISSING':
                differ += 1
                print(f'DIFFERS  {what[f]}: ours {va[0]}, other {vb[0]}')
                for line in va[1:] + vb[1:]:
                    print('         ' + line)
        print(f'{len(files)} mutants of {len(samples)} samples ({counts.get("OK", 0)} valid, '
              f'{counts.get("INVALID", 0)} invalid with the product\'s schemas): {differ} verdicts differ')
        return 0 if differ == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
