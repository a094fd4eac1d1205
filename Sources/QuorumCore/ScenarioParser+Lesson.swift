/// The lesson lines of a script: a header (`title`, `topic`, `run`) and timed cues. Every error
/// names the file, line and column, as the script's own lines do.
extension ScenarioParser {
    /// Verbs of timed cues (they never change the cluster, so they are not actions).
    static let cueVerbs: Set<String> = ["chapter", "pause", "speed", "focus", "show", "predict", "expect"]

    /// `title "..."`, `topic "..."`, `run WORDS`: true when the line was one of them.
    func parseHeader(_ tokens: [ScenarioToken], line: Int, into header: inout LessonHeader) throws(InputError) -> Bool {
        guard let first = tokens.first, first.kind == .word else { return false }
        switch first.text {
        case "title", "topic":
            guard tokens.count >= 2, tokens[1].kind == .quoted else {
                throw error(line, tokens.count >= 2 ? tokens[1].column : first.column + first.text.count, "'\(first.text)' takes a quoted text, as in \(first.text) \"Leader election\"")
            }
            if tokens.count > 2 { throw error(line, tokens[2].column, "unexpected '\(tokens[2].text)' after '\(first.text)'") }
            let already = first.text == "title" ? header.title : header.topic
            if already != nil { throw error(line, first.column, "a lesson has one '\(first.text)'") }
            if first.text == "title" { header.title = String(tokens[1].text) } else { header.topic = String(tokens[1].text) }
            return true
        case "run":
            guard tokens.count >= 2 else { throw error(line, first.column + 3, "'run' takes a protocol and its options, as in run PROTOCOL --clients 0 --duration 9s") }
            if let bad = tokens.dropFirst().first(where: { $0.kind != .word }) {
                throw error(line, bad.column, "'run' takes the words of 'quorum run' (a protocol and options), found '\(bad.text)'")
            }
            if header.runWords != nil { throw error(line, first.column, "a lesson has one 'run' line") }
            header.runWords = tokens.dropFirst().map { String($0.text) }
            header.runLine = line
            return true
        default:
            return false
        }
    }

    /// `at TIME <cue>`; nil when the line is an action.
    func parseCue(_ tokens: [ScenarioToken], line: Int) throws(InputError) -> LessonCue? {
        guard tokens.count >= 3, tokens[0].text == "at", tokens[0].kind == .word, tokens[2].kind == .word,
              Self.cueVerbs.contains(String(tokens[2].text)) else { return nil }
        let at = try time(tokens[1], line)
        var cursor = TokenCursor(tokens: Array(tokens.dropFirst(3)), line: line,
                                 endColumn: (tokens.last?.column ?? 1) + (tokens.last?.text.count ?? 0))
        let verb = tokens[2]
        let kind: LessonCue.Kind
        switch verb.text {
        case "chapter": kind = .chapter(try quoted(&cursor, "a quoted chapter name, as in chapter \"The first election\""))
        case "pause": kind = .pause
        case "speed": kind = .speed(try speed(&cursor))
        case "focus": kind = .focus(try node(&cursor))
        case "show":
            let panel = try cursor.word("what to show (\(LessonCue.panels.joined(separator: ", ")))", source)
            guard LessonCue.panels.contains(String(panel.text)) else {
                throw error(line, panel.column, "cannot show '\(panel.text)' (show \(LessonCue.panels.joined(separator: ", ")))")
            }
            kind = .show(String(panel.text))
        case "predict": kind = .predict(try prediction(&cursor, at: at))
        default:
            kind = .expect(try condition(&cursor, choice: nil))
        }
        if let extra = cursor.peek { throw error(line, extra.column, "unexpected '\(extra.text)' after '\(verb.text)'") }
        return LessonCue(kind: kind, at: at, line: line)
    }

    private func quoted(_ cursor: inout TokenCursor, _ expected: String) throws(InputError) -> String {
        let token = try cursor.next(expected, source)
        guard token.kind == .quoted else { throw error(cursor.line, token.column, "expected \(expected)") }
        return String(token.text)
    }

    /// `1/50x`, `0.02x`, `2x` (the `x` is optional): 1/1000x to 100x, as the UI's speeds.
    private func speed(_ cursor: inout TokenCursor) throws(InputError) -> Double {
        let token = try cursor.word("a speed such as 1/20x or 0.5x", source)
        var text = token.text
        if text.hasSuffix("x") { text = text.dropLast() }
        var value: Double?
        if let slash = text.firstIndex(of: "/") {
            if let top = Double(text[..<slash]), let bottom = Double(text[text.index(after: slash)...]), bottom > 0 { value = top / bottom }
        } else {
            value = Double(text)
        }
        guard let value, value.isFinite, value >= 0.001, value <= 100 else {
            throw error(cursor.line, token.column, "'\(token.text)' is not a speed from 1/1000x to 100x (write 1/20x or 0.5x)")
        }
        return value
    }

    private func prediction(_ cursor: inout TokenCursor, at: SimTime) throws(InputError) -> LessonPrediction {
        let question = try quoted(&cursor, "a quoted question, as in predict \"Which node becomes leader?\"")
        try keyword(&cursor, "choices")
        var choices: [String] = []
        while let token = cursor.peek, token.kind == .word, token.text != "answer" {
            cursor.advance()
            guard !choices.contains(String(token.text)) else { throw error(cursor.line, token.column, "choice '\(token.text)' is listed twice") }
            choices.append(String(token.text))
        }
        guard (2...9).contains(choices.count) else {
            throw error(cursor.line, cursor.peek?.column ?? cursor.endColumn, "a prediction offers 2 to 9 choices (the class answers with 1-9)")
        }
        try keyword(&cursor, "answer")
        let answer = try cursor.word("the right choice", source)
        guard choices.contains(String(answer.text)) else {
            throw error(cursor.line, answer.column, "the answer '\(answer.text)' is not one of the choices (\(choices.joined(separator: ", ")))")
        }
        try keyword(&cursor, "reveal")
        if cursor.peek?.text == "at" { cursor.advance() }
        let revealToken = try cursor.word("the time of the reveal, as in reveal at 2s \"...\"", source)
        let revealAt = try time(revealToken, cursor.line)
        guard revealAt >= at else { throw error(cursor.line, revealToken.column, "the reveal comes before the question") }
        let reveal = try quoted(&cursor, "the quoted text of the reveal")
        try keyword(&cursor, "expect")
        let start = cursor
        let usesChoice = start.remaining.contains { $0.text == "?" && $0.kind == .word }
        var conditions: [LessonCondition] = []
        for choice in usesChoice ? choices : [answer.text].map(String.init) {
            var each = start
            conditions.append(try condition(&each, choice: usesChoice ? choice : nil))
            cursor = each
        }
        if !usesChoice { conditions = Array(repeating: conditions[0], count: choices.count) }
        return LessonPrediction(question: question, choices: choices, answer: String(answer.text), revealAt: revealAt, reveal: reveal,
                                conditions: conditions, judgesEachChoice: usesChoice)
    }

    private func keyword(_ cursor: inout TokenCursor, _ word: String) throws(InputError) {
        let token = try cursor.next("'\(word)'", source)
        guard token.kind == .word, token.text == word else { throw error(cursor.line, token.column, "expected '\(word)', found '\(token.text)'") }
    }

    // MARK: - Conditions

    /// A condition to the end of the line; `choice` stands for `?`.
    func condition(_ cursor: inout TokenCursor, choice: String?) throws(InputError) -> LessonCondition {
        var words: [String] = []
        for token in cursor.remaining {
            if token.text == "?", token.kind == .word {
                guard let choice else { throw error(cursor.line, token.column, "'?' stands for a prediction's choice, and this is no prediction") }
                words.append(choice)
            } else {
                words.append(token.kind == .quoted ? "\"\(token.text)\"" : String(token.text))
            }
        }
        let subject = try cursor.word("a condition (a node, leader, key, count, history, session, safety, read or op)", source)
        let kind: LessonCondition.Kind
        switch subject.text {
        case "leader":
            let next = try value(&cursor, choice, "a node, none, or a fact such as term")
            if next.text == "none" {
                kind = .leaderIs(nil)
            } else if NodeID(parsing: Substring(next.text)) != nil {
                kind = .leaderIs(try node(ScenarioToken(text: Substring(next.text), kind: .word, column: next.column), cursor.line))
            } else {
                let (comparison, expected) = try comparedValue(&cursor, choice)
                kind = .leaderFact(fact: next.text, comparison, expected)
            }
        case "key", "committed":
            let key = try value(&cursor, choice, "a key")
            if cursor.peek?.text == "vector" {
                cursor.advance()
                let (comparison, expected) = try comparedValue(&cursor, choice)
                kind = .vectors(key: key.text, comparison, expected, on: try place(&cursor, choice))
            } else if cursor.peek?.text == "siblings" {
                cursor.advance()
                let (comparison, count) = try comparedCount(&cursor, choice)
                kind = .siblings(key: key.text, comparison, count, on: try place(&cursor, choice))
            } else {
                let (comparison, expected) = try comparedValue(&cursor, choice)
                kind = .keyValue(key: key.text, comparison, expected, on: try place(&cursor, choice))
            }
        case "count":
            let fact = try value(&cursor, choice, "a fact such as role")
            let (comparison, expected) = try comparedValue(&cursor, choice)
            if cursor.peek?.text == "is" { cursor.advance() }
            let (countComparison, count) = try comparedCount(&cursor, choice)
            kind = .count(fact: fact.text, comparison, expected, countComparison, count)
        case "history":
            let verdict = try value(&cursor, choice, "a verdict (\(LessonCondition.verdicts.joined(separator: ", ")))")
            guard LessonCondition.verdicts.contains(verdict.text) else {
                throw error(cursor.line, verdict.column, "unknown verdict '\(verdict.text)' (\(LessonCondition.verdicts.joined(separator: ", ")))")
            }
            kind = .history(verdict.text)
        case "session":
            let guarantee = try value(&cursor, choice, "a guarantee (\(LessonCondition.guarantees.joined(separator: ", ")))")
            guard LessonCondition.guarantees.contains(guarantee.text) else {
                throw error(cursor.line, guarantee.column, "unknown guarantee '\(guarantee.text)' (\(LessonCondition.guarantees.joined(separator: ", ")))")
            }
            let state = try value(&cursor, choice, "kept or broken")
            guard state.text == "kept" || state.text == "broken" else { throw error(cursor.line, state.column, "expected kept or broken, found '\(state.text)'") }
            kind = .session(guarantee.text, kept: state.text == "kept")
        case "read":
            let key = try value(&cursor, choice, "a key")
            try keyword(&cursor, "returned")
            let (comparison, expected) = try comparedValue(&cursor, choice)
            kind = .readReturned(key: key.text, comparison, expected)
        case "op":
            let number = try value(&cursor, choice, "an operation's number, as in op 3 returned 1 (op3 in the event log)")
            guard let id = Int(number.text), id >= 0 else { throw error(cursor.line, number.column, "'\(number.text)' is not an operation's number (op 3 is op3 in the event log)") }
            try keyword(&cursor, "returned")
            let (comparison, expected) = try comparedValue(&cursor, choice)
            kind = .operationReturned(id, comparison, expected)
        case "safety":
            let state = try value(&cursor, choice, "kept or broken")
            guard state.text == "kept" || state.text == "broken" else { throw error(cursor.line, state.column, "expected kept or broken, found '\(state.text)'") }
            kind = .safety(kept: state.text == "kept")
        default:
            let target = subject.text == "?" ? choice ?? "?" : String(subject.text)
            guard NodeID(parsing: Substring(target)) != nil else {
                throw error(cursor.line, subject.column, "a condition starts with a node, leader, key, committed, count, history, session, safety, read or op, not '\(target)'")
            }
            let id = try node(ScenarioToken(text: Substring(target), kind: .word, column: subject.column), cursor.line)
            let fact = try value(&cursor, choice, "a fact such as role, term, commit-index or log-length")
            let (comparison, expected) = try comparedValue(&cursor, choice)
            kind = .nodeFact(id, fact: fact.text, comparison, expected)
        }
        if let extra = cursor.peek { throw error(cursor.line, extra.column, "unexpected '\(extra.text)' after the condition") }
        return LessonCondition(kind: kind, text: words.joined(separator: " "))
    }

    /// The next word, with `?` replaced by the choice.
    private func value(_ cursor: inout TokenCursor, _ choice: String?, _ expected: String) throws(InputError) -> (text: String, column: Int) {
        let token = try cursor.next(expected, source)
        if token.text == "?", token.kind == .word {
            guard let choice else { throw error(cursor.line, token.column, "'?' stands for a prediction's choice, and this is no prediction") }
            return (choice, token.column)
        }
        return (String(token.text), token.column)
    }

    private func comparedValue(_ cursor: inout TokenCursor, _ choice: String?) throws(InputError) -> (LessonCondition.Comparison, String) {
        var comparison = LessonCondition.Comparison.equal
        if let token = cursor.peek, let given = LessonCondition.Comparison(rawValue: String(token.text)) {
            cursor.advance()
            comparison = given
        }
        let expected = try value(&cursor, choice, "a value")
        if comparison != .equal, comparison != .notEqual, Double(expected.text) == nil {
            throw error(cursor.line, expected.column, "'\(comparison.rawValue)' compares numbers, and '\(expected.text)' is not one")
        }
        return (comparison, expected.text)
    }

    private func comparedCount(_ cursor: inout TokenCursor, _ choice: String?) throws(InputError) -> (LessonCondition.Comparison, Int) {
        let (comparison, text) = try comparedValue(&cursor, choice)
        guard let count = Int(text), count >= 0 else {
            throw error(cursor.line, cursor.peek?.column ?? cursor.endColumn, "'\(text)' is not a count")
        }
        return (comparison, count)
    }

    /// `on majority|all|any|NODE|N`, majority when left out.
    private func place(_ cursor: inout TokenCursor, _ choice: String?) throws(InputError) -> LessonCondition.Place {
        guard cursor.peek?.text == "on" else { return .majority }
        cursor.advance()
        let where_ = try value(&cursor, choice, "majority, all, any, a node or a number of nodes")
        switch where_.text {
        case "majority": return .majority
        case "all": return .all
        case "any": return .any
        default:
            if let count = Int(where_.text), count >= 1, count <= nodeCount { return .atLeast(count) }
            return .node(try node(ScenarioToken(text: Substring(where_.text), kind: .word, column: where_.column), cursor.line))
        }
    }
}

extension TokenCursor {
    /// The tokens not read yet.
    var remaining: ArraySlice<ScenarioToken> { tokens[min(position, tokens.count)...] }
}
