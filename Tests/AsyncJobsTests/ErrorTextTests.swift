import AsyncJobs
import Testing

/// The cap every store applies to error texts (issue 14, item 4).
@Suite struct ErrorTextTests {
    @Test func aTextWithinTheLimitIsUnchanged() {
        let fits = String(repeating: "a", count: ErrorText.limit)
        #expect(ErrorText.capped(fits) == fits)
        #expect(ErrorText.capped("") == "")
    }

    @Test(arguments: [ErrorText.limit + 1, 52_428_800])
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
