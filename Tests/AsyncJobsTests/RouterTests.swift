import AsyncJobs
import Testing

@Suite struct RouterTests {
    func router(_ types: [String]) throws -> Router {
        var router = Router()
        for type in types { try router.register(type) { _, _ in .string(type) } }
        return router
    }

    @Test func exactMatchWinsOverPrefix() throws {
        let router = try router(["email", "email:new"])
        #expect(router.route(for: "email:new") == "email:new")
    }

    @Test(arguments: [("email:new:urgent", "email:new"), ("email:bounce", "email"), ("emailx", "email")])
    func longestPrefixWins(type: String, expected: String) throws {
        let router = try router(["email", "email:new", ""])
        #expect(router.route(for: type) == expected)
    }

    @Test func emptyTypeIsTheCatchAll() throws {
        let router = try router(["email", ""])
        #expect(router.route(for: "sms") == "")
        #expect(router.handler(for: "sms") != nil)
    }

    @Test func noMatchWithoutCatchAll() throws {
        let router = try router(["email"])
        #expect(router.route(for: "sms") == nil)
        #expect(router.handler(for: "sms") == nil)
    }

    @Test func registeringTwiceIsAnError() throws {
        var router = try router(["email"])
        #expect(throws: Router.RegistrationError.duplicate("email")) {
            try router.register("email") { _, _ in .null }
        }
    }

    @Test func invalidTypesAreRefused() {
        var router = Router()
        #expect(throws: Router.RegistrationError.invalidType("bad type")) {
            try router.register("bad type") { _, _ in .null }
        }
    }

    @Test func middlewareWrapsInOrder() async throws {
        var router = try router(["x"])
        router.use { next in { task, context in .string("outer(" + (try await next(task, context)).jsonString + ")") } }
        router.use { next in { task, context in .string("inner(" + (try await next(task, context)).jsonString + ")") } }
        let handler = try #require(router.handler(for: "x"))
        let context = HandlerContext(deadline: .now, attempt: 1, worker: "w", logger: .init(label: "t"))
        let result = try await handler(JobTask(type: "x"), context)
        #expect(result == .string(#"outer("inner(\"x\")")"#))
    }

    @Test func terminateErrorIsFoundWhenWrapped() {
        struct Wrapper: WrappingError { var underlyingError: (any Error)? }
        struct Other: Error {}
        let wrapped = Wrapper(underlyingError: Wrapper(underlyingError: TerminateTaskError("bad payload")))
        #expect(TerminateTaskError.find(in: wrapped)?.reason == "bad payload")
        #expect(TerminateTaskError.find(in: Other()) == nil)
        #expect(TerminateTaskError.find(in: Wrapper(underlyingError: nil)) == nil)
    }
}
