fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (a, b) = (
        std::fs::read(&args[1]).unwrap(),
        std::fs::read(&args[2]).unwrap(),
    );
    let (ta, tb) = (
        splicecheck::tokenize::tokenize(&a),
        splicecheck::tokenize::tokenize(&b),
    );
    let mut i = splicecheck::align::Interner::default();
    let (ia, ib) = (i.ids_of(&ta), i.ids_of(&tb));
    let (la, lb) = (
        splicecheck::tokenize::line_starts(&ta),
        splicecheck::tokenize::line_starts(&tb),
    );
    let (ea, eb) = (
        splicecheck::tokenize::sentence_ends(&ta),
        splicecheck::tokenize::sentence_ends(&tb),
    );
    let hints = splicecheck::align::Hints {
        weak: i.weak(),
        lines_a: &la,
        lines_b: &lb,
        ends_a: &ea,
        ends_b: &eb,
    };
    let al = splicecheck::align::align(&ia, &ib, &hints);
    println!(
        "lens {:?} tokens {} {} lastid {} weak {:?} kind {:?}",
        al.lens,
        ta.len(),
        tb.len(),
        ia[ia.len() - 1],
        i.weak().get(ia[ia.len() - 1] as usize),
        ta.tokens.last().unwrap().kind
    );
    for r in &al.runs {
        let s = ta.tokens[r.a].start as usize;
        let e = ta.tokens[r.a + r.len - 1].end as usize;
        let text = String::from_utf8_lossy(&a[s..e]);
        println!(
            "a{}..{} b{}..{} len {} {:?}",
            r.a,
            r.a + r.len,
            r.b,
            r.b + r.len,
            r.len,
            text.chars().take(60).collect::<String>()
        );
    }
}
