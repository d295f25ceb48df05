@testable import NATS
import Testing

@Suite struct InboxNameTests {
    @Test func tokensAre22Base62CharactersAndDistinct() {
        let tokens = (0..<1000).map { _ in InboxName.token() }
        #expect(tokens.allSatisfy { $0.utf8.count == 22 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        #expect(Set(tokens).count == tokens.count)
    }

    /// Every character about equally often: 2,000 tokens are 44,000 characters, ~710 each; a mapping with a
    /// modulo bias (bytes 248-255 folded onto the first 8 characters) puts ~860 on those (chi-square ~290).
    @Test func everyCharacterIsEquallyLikely() {
        var counts: [Character: Int] = [:]
        for _ in 0..<2000 { for character in InboxName.token() { counts[character, default: 0] += 1 } }
        #expect(counts.count == 62)
        let expected = 44_000.0 / 62
        // Chi-square with 61 degrees of freedom: above 110 happens by chance about once in 10,000 runs.
        let chiSquare = counts.values.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chiSquare < 110, "chi-square \(chiSquare) over 62 characters")
    }
}
