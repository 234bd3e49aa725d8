fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let t = splicecheck::tokenize::tokenize(&bytes);
    println!("wrapped={} width={}", t.wrapped, t.width);
    for tok in t.tokens.iter().take(60) {
        print!(
            "{}{}{} ",
            if tok.starts_sentence { "|" } else { "" },
            String::from_utf8_lossy(&bytes[tok.span()]),
            if tok.terminal { "." } else { "" }
        );
    }
    println!();
}
