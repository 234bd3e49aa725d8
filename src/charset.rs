//! UTF-8 text read with the wrong character set: recognising and decoding
//! mojibake ("â€™" for "’", "Ã©" for "é"). The tokenizer compares a garbled
//! stretch by what it stands for, and the reference-free checks report it.

/// The Windows-1252 reading of bytes 0x80 to 0x9F (the five undefined bytes
/// read as the C1 control of the same value, as browsers do).
const CP1252_HIGH: [char; 32] = [
    '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}', '\u{8f}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2dc}', '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}', '\u{178}',
];

/// The byte a character has in Windows-1252 (or Latin-1 for the C1 range), if
/// it is a non-ASCII one.
pub fn single_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if (0x80..=0xff).contains(&u) {
        return Some(u as u8);
    }
    CP1252_HIGH
        .iter()
        .position(|&h| h == c)
        .map(|i| 0x80 + i as u8)
}

/// True when `c` can start a mojibake sequence (the Windows-1252 reading of
/// a UTF-8 lead byte); a cheap test before [`sequence`].
pub fn may_start(c: char) -> bool {
    ('\u{c2}'..='\u{f4}').contains(&c)
}

/// True when the bytes hold a character that [`may_start`] a mojibake
/// sequence (U+00C2 to U+00F4, encoded `C3 82` to `C3 B4`): text without
/// one holds no mojibake.
pub fn may_hold_mojibake(bytes: &[u8]) -> bool {
    // Most text has no 0xC3 byte at all; `contains` finds out fastest.
    bytes.contains(&0xc3)
        && bytes
            .windows(2)
            .any(|w| w[0] == 0xc3 && (0x82..=0xb4).contains(&w[1]))
}

/// True when a mojibake sequence ([`sequence`]) starts somewhere in `s`.
pub fn holds_mojibake(s: &str) -> bool {
    may_hold_mojibake(s.as_bytes())
        && s.char_indices()
            .filter(|&(_, c)| may_start(c))
            .any(|(i, _)| {
                // A sequence is at most four characters.
                let mut head = ['\0'; 4];
                let mut n = 0;
                for (slot, c) in head.iter_mut().zip(s[i..].chars()) {
                    *slot = c;
                    n += 1;
                }
                sequence(&head[..n]).is_some()
            })
}

/// Decodes mojibake sequences at the start of `chars`: returns how many
/// characters form one sequence and the character they stand for.
pub fn sequence(chars: &[char]) -> Option<(usize, char)> {
    let lead = single_byte(*chars.first()?)?;
    let extra = match lead {
        0xc2..=0xdf => 1,
        0xe0..=0xef => 2,
        0xf0..=0xf4 => 3,
        _ => return None,
    };
    let mut buf = [lead, 0, 0, 0];
    for (k, &c) in chars.get(1..=extra)?.iter().enumerate() {
        let b = single_byte(c)?;
        if !(0x80..=0xbf).contains(&b) {
            return None;
        }
        buf[k + 1] = b;
    }
    let decoded = std::str::from_utf8(&buf[..=extra]).ok()?.chars().next()?;
    Some((extra + 1, decoded))
}

/// Decodes every mojibake sequence in `s`, repeatedly for text garbled twice.
pub fn decode_mojibake(s: &str) -> String {
    let mut current = s.to_string();
    for _ in 0..3 {
        let chars: Vec<char> = current.chars().collect();
        let mut out = String::with_capacity(current.len());
        let mut i = 0;
        let mut changed = false;
        while i < chars.len() {
            match sequence(&chars[i..]) {
                Some((n, c)) => {
                    out.push(c);
                    i += n;
                    changed = true;
                }
                None => {
                    out.push(chars[i]);
                    i += 1;
                }
            }
        }
        if !changed {
            break;
        }
        current = out;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences_decode_to_what_they_stand_for() {
        let chars: Vec<char> = "\u{e2}\u{20ac}\u{2122}s".chars().collect();
        assert_eq!(sequence(&chars), Some((3, '\u{2019}')));
        assert_eq!(sequence(&['\u{c3}', '\u{a9}']), Some((2, '\u{e9}')));
        assert_eq!(sequence(&['\u{c3}', 'O']), None);
        assert!(may_start('\u{c3}') && !may_start('e'));
        assert!(holds_mojibake("it\u{e2}\u{20ac}\u{2122}s"));
        assert!(!holds_mojibake("caf\u{e9} \u{c3}"));
        for c in ['\u{c1}', '\u{c2}', '\u{f4}', '\u{f5}', 'e', '\u{2019}'] {
            assert_eq!(
                may_hold_mojibake(c.to_string().as_bytes()),
                may_start(c),
                "{c:?}"
            );
        }
    }
}
