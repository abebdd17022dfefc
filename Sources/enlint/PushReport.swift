import ArgumentParser
import ENLintCore
import ENLintPush

/// What `enlint push` tells: the lint report, the request (token masked), and EN's answer or why
/// there was none. Text goes to stdout for what went right and to stderr for what went wrong;
/// with `--output-format json` stdout holds one document, the lint report plus a `push` member,
/// and the human lines go to stderr. Every line that could carry outside text is redacted.
struct PushReport {
    let format: PushOutputFormat
    let result: FileResult
    let context: ReportContext
    let redactor: SecretRedactor
    /// The `push` member's entries, in order.
    private var members: [(String, JSONValue)] = []
    /// The request as shown by a dry run.
    private var planLines: [String] = []

    init(format: PushOutputFormat, result: FileResult, context: ReportContext, redactor: SecretRedactor) {
        self.format = format
        self.result = result
        self.context = context
        self.redactor = redactor
    }

    func printLintReport() {
        guard format == .text else { return }
        Output.standard.write(TextReporter.render([result], context: context, summary: true))
    }

    mutating func describe(_ request: ImportRequest, endpoint: UploadEndpoint, tokenSource: String?, forced: Bool) {
        let size = request.fileBytes.count
        let digest = SHA256.hexDigest(request.fileBytes)
        members = [
            ("endpoint", .string(endpoint.description)),
            ("forced", .bool(forced)),
            ("fields", .object(request.displayedFields.map { ($0.name, .string($0.value)) })),
            ("token_source", .optional(tokenSource)),
            ("upload", .object([
                ("filename", .string(request.fileName)), ("content_type", .string(ImportRequest.uploadContentType)),
                ("bytes", .int(size)), ("sha256", .string(digest)),
            ])),
        ]
        planLines = ["POST \(endpoint)"]
        for field in request.displayedFields {
            let value = field.name == "token" ? (tokenSource.map { "\(field.value) (from \($0))" } ?? "none: set EN_API_TOKEN or give --token-file") : field.value
            planLines.append("  \(Self.padded(field.name)) \(value)")
        }
        planLines.append("  \(Self.padded("upload")) \(request.fileName) (\(ImportRequest.uploadContentType), \(size) bytes, SHA-256 \(digest))")
    }

    func finishDryRun(blockedByErrors errors: Int?) {
        var outcome: [(String, JSONValue)] = [("outcome", .string("dry-run")), ("would_upload", .bool(errors == nil))]
        outcome.append(("message", .string("nothing was sent")))
        if format == .text {
            Output.standard.write("Dry run, nothing was sent. The request would be:\n" + planLines.joined(separator: "\n") + "\n")
        }
        emitJSON(outcome)
        if let errors { tellFailure(refusal(errors: errors, conditional: true)) }
    }

    func finishRefused(errors: Int) -> ExitCode {
        emitJSON([("outcome", .string("not-sent")), ("message", .string(refusal(errors: errors, conditional: false)))])
        tellFailure(refusal(errors: errors, conditional: false))
        return ExitCode(1)
    }

    func refusal(errors: Int, conditional: Bool) -> String {
        let count = "\(errors) lint error\(errors == 1 ? "" : "s")"
        return conditional
            ? "would not upload \(result.path): \(count) (fix them, or --force to upload anyway)"
            : "not uploaded: \(count) in \(result.path); nothing was sent (fix them, or --force to upload anyway)"
    }

    /// EN's answer (or the lack of one) as a message, an exit status and the JSON outcome.
    func finishUpload(_ outcome: Result<HTTPAnswer, UploadFailure>) -> ExitCode {
        switch outcome {
        case .failure(let failure):
            let message = redactor.redact(Self.message(for: failure))
            emitJSON([
                ("outcome", .string("no-answer")), ("attempts", .int(failure.attempts)),
                ("may_have_reached_en", .bool(failure.last.bodyStarted)), ("message", .string(message)),
            ])
            tellFailure(message)
            return ExitCode(2)
        case .success(let answer):
            let reply = ImportReply(status: answer.status, body: answer.body)
            var json: [(String, JSONValue)] = [("http_status", .int(answer.status))]
            switch reply {
            case .scheduled(let job, let text):
                let jobText = job.map { "job #\($0)" } ?? "a job (EN gave no number)"
                json = [("outcome", .string("scheduled")), ("job", job.map { .int($0) } ?? .null)] + json
                json.append(("reply", .string(redactor.redact(text))))
                emitJSON(json)
                tell(
                    "uploaded \(result.path): EN scheduled it as \(jobText). The import itself is confirmed later, "
                        + "by email and in EN's job monitor.")
                return ExitCode(0)
            case .rejected(let text, let advice):
                json = [("outcome", .string("rejected"))] + json + [("reply", .string(redactor.redact(text))), ("advice", .string(advice))]
                emitJSON(json)
                tellFailure("EN refused the upload: \(redactor.redact(text))\n  = advice: \(advice)")
                return ExitCode(1)
            case .httpError(let status, let text, let advice):
                json = [("outcome", .string("http-error"))] + json + [("reply", .string(redactor.redact(text))), ("advice", .string(advice))]
                emitJSON(json)
                let body = text.isEmpty ? "" : ": \(redactor.redact(text))"
                tellFailure("EN answered HTTP \(status)\(body)\n  = advice: \(advice)\n  = enlint does not send an upload twice")
                return ExitCode(1)
            case .unrecognized(let status, let text):
                let advice = "EN's answer has no job number: check EN's job monitor before pushing again"
                json = [("outcome", .string("unrecognized"))] + json + [("reply", .string(redactor.redact(text))), ("advice", .string(advice))]
                emitJSON(json)
                tellFailure("EN answered HTTP \(status) without a job number: \(redactor.redact(text))\n  = advice: \(advice)")
                return ExitCode(1)
            }
        }
    }

    static func message(for failure: UploadFailure) -> String {
        let last = failure.last
        if last.bodyStarted {
            return "\(last). The upload may have reached EN, so enlint does not send it again: "
                + "check EN's job monitor (and your email) before pushing again."
        }
        let tries = failure.attempts == 1 ? "" : " (\(failure.attempts) attempts)"
        return "\(last)\(tries); nothing was sent."
    }

    func tell(_ line: String) {
        if format == .text {
            Output.standard.write("enlint: \(line)\n")
        } else {
            Output.printError("enlint: \(line)")
        }
    }

    func tellFailure(_ line: String) {
        Output.standard.flush()
        Output.printError("enlint: \(line)")
    }

    /// The JSON document: the lint report of the one file, with the request and its outcome.
    func emitJSON(_ outcome: [(String, JSONValue)]) {
        guard format == .json else { return }
        let push: JSONValue = .object(members + outcome)
        Output.standard.write(JSONReporter.document([result], context: context, appending: [("push", push)]).rendered() + "\n")
        Output.standard.flush()
    }

    static func padded(_ name: String) -> String {
        name + String(repeating: " ", count: max(0, 12 - name.count))
    }
}
