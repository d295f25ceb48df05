import Foundation

/// A throwaway CA with a server certificate for 127.0.0.1/localhost and a client certificate, made with the
/// `openssl` command line tool into `directory`.
public struct TestCertificates: Sendable {
    public let directory: URL
    public var caFile: String { directory.appendingPathComponent("ca.pem").path }
    public var serverCertificateFile: String { directory.appendingPathComponent("server.pem").path }
    public var serverKeyFile: String { directory.appendingPathComponent("server-key.pem").path }
    public var clientCertificateFile: String { directory.appendingPathComponent("client.pem").path }
    public var clientKeyFile: String { directory.appendingPathComponent("client-key.pem").path }

    /// Generates the files; throws with openssl's output when a step fails.
    public static func generate() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nats-tls-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificates = TestCertificates(directory: directory)
        let extensions = directory.appendingPathComponent("server.ext")
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n".write(to: extensions, atomically: true, encoding: .utf8)
        let clientExtensions = directory.appendingPathComponent("client.ext")
        try "extendedKeyUsage=clientAuth\n".write(to: clientExtensions, atomically: true, encoding: .utf8)
        let path = directory.path
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                     "-subj", "/CN=nats-test-ca", "-keyout", "\(path)/ca-key.pem", "-out", certificates.caFile])
        for (name, ext) in [("server", extensions.path), ("client", clientExtensions.path)] {
            try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                         "-subj", "/CN=nats-test-\(name)", "-keyout", "\(path)/\(name)-key.pem", "-out", "\(path)/\(name).csr"])
            try openssl(["x509", "-req", "-in", "\(path)/\(name).csr", "-CA", certificates.caFile, "-CAkey", "\(path)/ca-key.pem",
                         "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", "\(path)/\(name).pem"])
        }
        return certificates
    }

    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NATSServerError.startFailed("openssl \(arguments.first ?? "") failed: \(String(decoding: output, as: UTF8.self))")
        }
    }
}
