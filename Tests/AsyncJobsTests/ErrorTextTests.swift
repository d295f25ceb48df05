import AsyncJobs
import AsyncJobsTesting
import Testing

/// The cap every store applies to error texts (issue 14, item 4).
@Suite struct ErrorTextTests {
    @Test func aTextWithinTheLimitIsUnchanged() {
        let fits = String(repeating: "a", count: ErrorText.limit)
        #expect(ErrorText.capped(fits) == fits)
        #expect(ErrorText.capped("") == "")
    }

    // 50 MB of text takes seconds to build and cut in a debug build: on a thread of its own, not the pool's.
    @Test(.ownThread, arguments: [ErrorText.limit + 1, 52_428_800])
    func aLongerTextKeepsItsStartAndSaysHowMuchWasCut(size: Int) {
        let text = String(repeating: "x", count: size)
        let capped = ErrorText.capped(text)
        #expect(capped.utf8.count <= ErrorText.limit)
        let kept = capped.prefix { $0 == "x" }.count
        #expect(capped == String(repeating: "x", count: kept) + "… (\(size - kept) bytes cut)")
    }

    @Test func theCutFallsOnACharacterBoundary() {
        let text = String(repeating: "😀", count: 2000)
        let capped = ErrorText.capped(text)
        #expect(capped.utf8.count <= ErrorText.limit)
        let kept = capped.prefix { $0 == "😀" }.count
        #expect(capped.hasSuffix("… (\((2000 - kept) * 4) bytes cut)"))
    }

    @Test func resolutionsCarryTheCappedText() {
        let text = String(repeating: "e", count: 10_000)
        #expect(Resolution.retry(at: Timestamp(nanoseconds: 0), outcome: .failed, error: text).error == ErrorText.capped(text))
        #expect(Resolution.terminate(error: "short").error == "short")
        #expect(Resolution.complete(result: .null).error == nil)
    }
}

/// Counts for table columns (issue 14, item 12: MaxConcurrent 2^63−1 broke `queue ls`'s layout).
@Suite struct CompactCountTests {
    @Test(arguments: [
        (0, "0"), (99_999, "99999"), (100_000, "100k"), (999_999, "999k"), (1_500_000, "1.5M"), (9_999_999, "9.9M"),
        (12_000_000, "12M"), (999_999_999, "999M"), (4_200_000_000, "4.2G"), (Int.max, "9.2E"), (-5, "-5"),
    ])
    func compact(value: Int, text: String) {
        #expect(CompactCount.text(value) == text)
        #expect(CompactCount.text(value).count <= 7)
    }
}
