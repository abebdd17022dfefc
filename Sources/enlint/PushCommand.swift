import ArgumentParser
import ENLintCore
import ENLintPush

#if canImport(Glibc)
import Glibc
#endif

enum PushOutputFormat: String, ArgumentChoice {
    case text, json
}

/// `enlint push`: lint a file with the usual settings, then upload it to EN's Bulk Import API,
/// unless an error remains. The upload itself lives in ENLintPush; this is the wiring.
struct Push: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Lint a CSV file, then upload it to EN's Bulk Import API (import.service).",
        discussion: """
            The token comes from EN_API_TOKEN or --token-file, never from the command line.
            Exit status: 0 uploaded and scheduled (or a clean --dry-run), 1 lint errors prevented \
            the upload or EN answered with an error, 2 usage, I/O or network failure.
            """)

    @Argument(help: ArgumentHelp("The CSV file to lint and upload.", valueName: "file"))
    var file: String

    @OptionGroup var settings: LintSettings

    @Option(help: ArgumentHelp("EN's reference name for this import (shown in the job monitor).", valueName: "ref"))
    var name: String

    @Option(name: .customLong("segment-id"), help: ArgumentHelp("An external CRM segment's id for these supporters.", valueName: "id"))
    var segmentID: String?

    @Option(name: .customLong("segment-name"), help: ArgumentHelp("The segment's name (default: its id, as EN does).", valueName: "name"))
    var segmentName: String?

    @Option(help: "EN's server for the account: us or ca (default us).")
    var region: String?

    @Option(help: ArgumentHelp("Upload to this URL instead (https; plain http only on loopback, for tests).", valueName: "url"))
    var endpoint: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp(
        "Read the API token from this file (instead of EN_API_TOKEN); keep it chmod 600.", valueName: "path"))
    var tokenFile: String?

    @Flag(name: .customLong("dry-run"), help: "Lint and show what would be sent (fields, size, SHA-256), without sending.")
    var dryRun = false

    @Flag(help: "Upload even when lint errors remain (says so on stderr).")
    var force = false

    @Flag(name: .customLong("no-header-check"), help: "Push supporters without checking the header against the saved format.")
    var noHeaderCheck = false

    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp("Seconds to wait for the connection.", valueName: "seconds"))
    var connectTimeout: Double = 15

    @Option(help: ArgumentHelp("Seconds for the whole upload and EN's answer, per attempt.", valueName: "seconds"))
    var timeout: Double = 300

    @Option(help: ArgumentHelp(
        "Connection attempts after the first, only while nothing has been sent.", valueName: "count"))
    var retries: Int = 2

    @Option(name: .customLong("output-format"), help: "text, or json (the lint report with a `push` member).")
    var outputFormat: PushOutputFormat = .text

    /// EN takes at most 20 MB (EN101); a file far beyond that is refused before it is read whole.
    static let readLimit = 64 << 20

    func validate() throws {
        guard let formatName = settings.formatName else {
            throw ValidationError("--format-name is required: the saved format's name, or importTransactions")
        }
        if formatName.isEmpty { throw ValidationError("--format-name must not be empty") }
        if region != nil && endpoint != nil { throw ValidationError("--region and --endpoint exclude each other") }
        if let region, Region(rawValue: region) == nil { throw ValidationError("--region must be us or ca") }
        if file == "-" { throw ValidationError("push needs a file: standard input has no file name to upload under") }
        if !(connectTimeout > 0) || !(timeout > 0) { throw ValidationError("timeouts must be positive numbers of seconds") }
        if retries < 0 || retries > 10 { throw ValidationError("--retries must be between 0 and 10") }
    }

    func run() throws {
        let formatName = settings.formatName!
        let target = try resolveEndpoint()
        let token = try loadToken()
        for warning in token?.warnings ?? [] { Output.printError("enlint: warning: \(warning)") }

        // The bytes linted are the bytes sent: the file is read once, so that it cannot change
        // between the check and the upload.
        let bytes = try InputFile.readSmallFile(
            file, limit: Self.readLimit, expected: "EN accepts at most 20 MB (enlint reads at most 64 MiB for an upload)")
        let linter = try linterForFile(formatName: formatName)
        let result: FileResult
        do {
            result = try linter.lint(bytes: bytes, path: file)
        } catch {
            throw ToolFailure(message: error.description)
        }
        let errors = result.count(.error)

        var report = PushReport(
            format: outputFormat, result: result,
            context: LintSettings.reportContext(for: [linter], useColor: Output.stdoutWantsColor && outputFormat == .text),
            redactor: SecretRedactor(secret: token?.value ?? ""))
        report.printLintReport()

        let request = ImportRequest(
            token: token?.value ?? "", referenceName: name, formatName: formatName, segmentID: segmentID,
            segmentName: segmentName, fileName: Self.baseName(file), fileBytes: bytes)
        report.describe(request, endpoint: target, tokenSource: token?.source, forced: force && errors > 0)

        let blocked = errors > 0 && !force
        if dryRun {
            report.finishDryRun(blockedByErrors: blocked ? errors : nil)
            if blocked { throw ExitCode(1) }
            // What would stop a real push before sending stops the dry run too (exit status 2).
            try validateForSending(request, hasToken: token != nil)
            return
        }
        if blocked { throw report.finishRefused(errors: errors) }
        try validateForSending(request, hasToken: token != nil)
        if errors > 0 {
            Output.printError("enlint: warning: --force: uploading \(file) despite \(errors) lint error\(errors == 1 ? "" : "s")")
        }

        let form = MultipartFormData.importBody(
            for: request, boundary: MultipartFormData.randomBoundary(avoiding: [bytes] + request.textFields.map { Array($0.value.utf8) }))
        let uploader = ImportUploader(
            endpoint: target, timeouts: UploadTimeouts(connect: connectTimeout, overall: timeout),
            retryPolicy: RetryPolicy(maxAttempts: retries + 1), userAgent: "enlint/\(Enlint.version)")
        let redactor = report.redactor
        let outcome = uploader.send(form) { line in Output.printError("enlint: \(redactor.redact(line))") }
        throw report.finishUpload(outcome)
    }

    /// The request must be complete before anything is sent.
    func validateForSending(_ request: ImportRequest, hasToken: Bool) throws(ToolFailure) {
        guard hasToken else {
            throw ToolFailure(
                message: "no API token: set \(APIToken.environmentVariable) (from your CI's secret store) or give --token-file PATH")
        }
        do {
            try request.validate()
        } catch {
            throw ToolFailure(message: error.description)
        }
    }

    func resolveEndpoint() throws(ToolFailure) -> UploadEndpoint {
        guard let endpoint else { return Region(rawValue: region ?? "us")!.endpoint }
        do {
            return try UploadEndpoint(validating: endpoint)
        } catch {
            throw ToolFailure(message: "--endpoint \(error.description)")
        }
    }

    func loadToken() throws(ToolFailure) -> APIToken? {
        var environment: [String: String] = [:]
        if let value = getenv(APIToken.environmentVariable) { environment[APIToken.environmentVariable] = String(cString: value) }
        do {
            return try APIToken.load(tokenFile: tokenFile, environment: environment)
        } catch {
            throw ToolFailure(message: error.description)
        }
    }

    /// The file's linter from the usual configuration. A supporter push must be checked against
    /// the saved format's header: EN rejects any other header, minutes later.
    func linterForFile(formatName: String) throws(ToolFailure) -> Linter {
        let resolver = try settings.resolver()
        let linter: Linter
        do {
            linter = try resolver.linter(for: file)
        } catch {
            throw ToolFailure(message: error.description)
        }
        if formatName != ImportRequest.transactionsFormatName && linter.options.formatHeader == nil && !noHeaderCheck {
            throw ToolFailure(
                message: "a supporter push needs the saved format's header to check \(file) against: give --format-header FILE "
                    + "(or format-header in enlint.toml), or --no-header-check to push without that check")
        }
        return linter
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
