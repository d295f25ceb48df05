@testable import AsyncJobsSQLite
import Foundation
import Testing

@Suite struct StoreLocationTests {
    @Test func explicitPathWins() {
        let files = TemporaryStorePath()
        let path = StoreLocation.resolve(explicit: files.file("a/b.sqlite"), environment: ["AJ_STORE": "/elsewhere"])
        #expect(path == files.file("a/b.sqlite"))
        #expect(FileManager.default.fileExists(atPath: files.file("a")), "the parent directory is created")
    }

    @Test func environmentVariableComesNext() {
        let files = TemporaryStorePath()
        let path = StoreLocation.resolve(explicit: nil, environment: ["AJ_STORE": files.file("env.sqlite"),
                                                                       "XDG_DATA_HOME": "/nowhere"])
        #expect(path == files.file("env.sqlite"))
    }

    @Test func xdgDataHomeThenHome() {
        let files = TemporaryStorePath()
        let xdg = StoreLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": files.file("data"), "HOME": "/h"])
        #expect(xdg == files.file("data/ajtop/store.sqlite"))
        #expect(FileManager.default.fileExists(atPath: files.file("data/ajtop")))
        let home = StoreLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "relative/ignored", "HOME": files.directory])
        #expect(home == files.file(".local/share/ajtop/store.sqlite"))
        #expect(FileManager.default.fileExists(atPath: files.file(".local/share/ajtop")))
    }

    @Test func demoStoreSitsBesideTheDefaultAndIgnoresAJStore() {
        let files = TemporaryStorePath()
        let demo = StoreLocation.demoPath(environment: ["AJ_STORE": files.file("real.sqlite"), "XDG_DATA_HOME": files.file("data")])
        #expect(demo == files.file("data/ajtop/demo.sqlite"))
        #expect(FileManager.default.fileExists(atPath: files.file("data/ajtop")))
        let home = StoreLocation.demoPath(environment: ["AJ_STORE": files.file("real.sqlite"), "HOME": files.directory])
        #expect(home == files.file(".local/share/ajtop/demo.sqlite"))
    }
}

/// Path arithmetic without Foundation's `NSString` methods, which trap on one-character paths on Linux.
@Suite struct PathTextTests {
    @Test(arguments: [
        ("a", ""), ("d/", ""), ("/", "/"), ("./x", "."), ("", ""), ("~", ""), ("/a", "/"), ("a/b", "a"),
        ("a//b/", "a"), ("/x/y.sqlite", "/x"), ("//", "/"),
    ])
    func parent(path: String, expected: String) {
        #expect(PathText.parent(of: path) == expected)
    }

    @Test func joiningAndTilde() {
        #expect(PathText.joining("", "s") == "s")
        #expect(PathText.joining("/", "s") == "/s")
        #expect(PathText.joining("/h", "s") == "/h/s")
        #expect(PathText.expandingTilde(in: "~", home: "/h") == "/h")
        #expect(PathText.expandingTilde(in: "~/s", home: "/h") == "/h/s")
        #expect(PathText.expandingTilde(in: "~other/s", home: "/h") == "~other/s")
        #expect(PathText.expandingTilde(in: "a~", home: "/h") == "a~")
    }

    @Test(arguments: ["a", "d/", "/", "./x", "~", "", "x"])
    func resolvingOddPathsNeverTraps(path: String) {
        let files = TemporaryStorePath()
        #expect(StoreLocation.resolve(explicit: path, environment: ["HOME": files.directory]) == (path == "~" ? files.directory : path))
    }
}
