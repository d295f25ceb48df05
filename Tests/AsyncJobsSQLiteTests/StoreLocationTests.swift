import AsyncJobsSQLite
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
