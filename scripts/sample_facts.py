#!/usr/bin/env python3
"""Copies the clinic site to DEST with sample clinic facts filled in: a phone, an email, an
address, opening hours, an online booking link, two team members with bylines and photos, prices
and session lengths on every service page, and sample photos (a gradient made here) as the home
page's hero and a service page's image.

The facts are invented and marked as samples (555 numbers, example.org addresses, "Sample"
names); the copy is for the site checkers and screenshots, which must see the theme with every
fact shown, and is never published. Fails when a line it fills is no longer in site.yaml.

Usage: scripts/sample_facts.py DEST [SITE_DIR]   (SITE_DIR defaults to the repository root)
"""
import pathlib
import shutil
import struct
import sys
import zlib

FACTS = {
    '  telephone: null': '  telephone: "+1-410-555-0100"',
    '  email: null': '  email: "desk@example.org"',
    '    street: null': '    street: "100 Sample Street"',
    '    locality: null': '    locality: "Towson"',
    '    postal_code: null': '    postal_code: "21204"',
    '  opening_hours: []': '  opening_hours: ["Mo-Fr 09:00-19:00", "Sa 09:00-14:00"]',
    '  booking: null': '  booking: "https://booking.example.org/sample-clinic"',
    'team: []': '''team:
  - id: sample-therapist
    name: "Sample Therapist"
    role: "Licensed massage therapist"
    credentials: "LMT"
    photo: "/images/sample-person.png"
    bio: "A sample biography of a few sentences, standing in for the clinic's own."
  - id: sample-coach
    name: "Sample Coach"
    role: "Movement and stretch coach"''',
}
PHOTO = '/images/sample-room.png'
HERO = 'extra: {hero_image: "%s", hero_alt: "A sample photo standing in for the treatment room"}\n' % PHOTO


def gradient_png(width, height):
    """A PNG of a colour gradient: a stand-in photo with enough detail for the encoders."""
    rows = b''.join(
        b'\0' + bytes(v for x in range(width) for v in (x * 255 // width, y * 255 // height, (x + y) % 256))
        for y in range(height))

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))

    header = struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b'')


PRICES = 'price: 95\nduration: 60\nvariants:\n  - { duration: 90, price: 135 }\n'


def main():
    dest = pathlib.Path(sys.argv[1])
    root = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else pathlib.Path(__file__).parent.parent)
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for name in ('site.yaml', 'content', 'static', 'themes'):
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    site = (dest / 'site.yaml').read_text()
    for placeholder, sample in FACTS.items():
        lines = [line for line in site.split('\n') if line.split(' #')[0] == placeholder]
        if len(lines) != 1:
            sys.exit(f'sample_facts: site.yaml has no single `{placeholder}` line to fill')
        site = site.replace(lines[0], sample, 1)
    (dest / 'site.yaml').write_text(site)
    images = dest / 'static' / 'images'
    images.mkdir(parents=True, exist_ok=True)
    (images / 'sample-room.png').write_bytes(gradient_png(1600, 1200))
    (images / 'sample-person.png').write_bytes(gradient_png(400, 400))
    home = dest / 'content' / '_index.md'
    home.write_text('---\n' + HERO + home.read_text()[4:])
    for page in sorted((dest / 'content' / 'services').glob('*.md')):
        if page.name == '_index.md':
            continue
        text = page.read_text()
        assert text.startswith('---\n'), page
        photo = 'image: "%s"\n' % PHOTO if page.name == 'deep-tissue-massage.md' else ''
        page.write_text('---\n' + PRICES + photo + text[4:])
    for page in sorted((dest / 'content' / 'guides').glob('*.md')):
        text = page.read_text()
        if page.name != '_index.md' and 'reviewed_by:' in text:
            lines = ['reviewed_by: sample-therapist' if l.startswith('reviewed_by:') else l for l in text.split('\n')]
            page.write_text('\n'.join(lines))


if __name__ == '__main__':
    main()
