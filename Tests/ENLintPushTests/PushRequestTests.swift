import Foundation
import Testing

@testable import ENLintPush

@Suite struct PushRequestTests {
    static func request(segmentID: String? = nil, segmentName: String? = nil, fileName: String = "tx.csv") -> ImportRequest {
        ImportRequest(
            token: "tok-123", referenceName: "Spring appeal", formatName: "importTransactions", segmentID: segmentID,
            segmentName: segmentName, fileName: fileName, fileBytes: Array("a,b\r\n1,2\r\n".utf8))
    }

    @Test func multipartBodyHasExactlyENsFieldsByteForByte() {
        let form = MultipartFormData.importBody(for: Self.request(segmentID: "S1"), boundary: "XyZ")
        let expected =
            "--XyZ\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\ntok-123\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nSpring appeal\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"formatName\"\r\n\r\nimportTransactions\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"segmentId\"\r\n\r\nS1\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"segmentName\"\r\n\r\nS1\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"tx.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            + "a,b\r\n1,2\r\n\r\n"
            + "--XyZ--\r\n"
        #expect(form.bytes == Array(expected.utf8))
        #expect(form.contentType == "multipart/form-data; boundary=XyZ")
    }

    @Test func segmentFieldsOnlyWithASegmentIDAndTheNameWhenGiven() {
        #expect(Self.request().textFields.map(\.name) == ["token", "name", "formatName"])
        let named = Self.request(segmentID: "S1", segmentName: "Donors 2024").textFields
        #expect(named.map(\.value).suffix(2) == ["S1", "Donors 2024"])
    }

    @Test func fileNamesCannotBreakOutOfTheirQuotedString() {
        let form = MultipartFormData.importBody(for: Self.request(fileName: "a\"b\r\nc.csv"), boundary: "B")
        #expect(String(decoding: form.bytes, as: UTF8.self).contains("filename=\"a%22b%0D%0Ac.csv\""))
    }

    @Test func randomBoundaryAvoidsTheContent() {
        let boundary = MultipartFormData.randomBoundary(avoiding: [Array("--enlint-".utf8)])
        #expect(boundary.hasPrefix("enlint-") && boundary.count > 40)
        #expect(Array("xx--enlint-1yy".utf8).containsSequence(Array("enlint-1".utf8)))
        #expect(!Array("enlint".utf8).containsSequence(Array("enlint-1".utf8)))
    }

    @Test func displayedFieldsMaskTheToken() {
        let shown = Self.request().displayedFields
        #expect(shown.first! == ("token", "***"))
        #expect(!shown.contains { $0.value.contains("tok-123") })
    }

    @Test func validationCatchesWhatENWouldRefuse() {
        var r = Self.request()
        #expect(throws: Never.self) { try r.validate() }
        r.referenceName = "  "
        #expect(throws: ImportRequestError.self) { try r.validate() }
        r = Self.request(segmentName: "no id")
        #expect(throws: ImportRequestError.self) { try r.validate() }
        r = Self.request()
        r.token = "zq9\n"
        #expect((try? r.validate()) == nil)
        do {
            try r.validate()
        } catch {
            #expect(!error.description.contains("zq9"))
        }
    }

    @Test func redactorMasksEveryOccurrence() {
        let redactor = SecretRedactor(secret: "s3cret")
        #expect(redactor.redact("a s3cret b s3cret") == "a *** b ***")
        #expect(SecretRedactor(secret: "").redact("text") == "text")
    }
}

@Suite struct PushEndpointTests {
    @Test(arguments: [
        "http://127.0.0.1:8080/x", "http://127.1.2.3/x", "http://localhost:9/x", "http://LOCALHOST/x", "http://[::1]:80/x",
        "http://[0:0:0:0:0:0:0:1]/x",
    ])
    func plainHTTPOnLoopback(_ url: String) throws {
        #expect(try UploadEndpoint(validating: url).url.absoluteString == url)
    }

    @Test(arguments: [
        "http://us.engagingnetworks.app/ea-dataservice/import.service", "http://10.0.0.1/x", "http://128.0.0.1/x",
        "http://127.0.0.1.example.com/x", "http://localhost.example.com/x", "http://127.1/x", "http://[::2]/x",
        "ftp://127.0.0.1/x", "127.0.0.1/x", "https://user:pw@us.engagingnetworks.app/x",
    ])
    func refusedEndpoints(_ url: String) {
        #expect(throws: EndpointError.self) { try UploadEndpoint(validating: url) }
    }

    @Test func httpsAnywhereAndTheRegions() throws {
        #expect(try UploadEndpoint(validating: "https://example.org/import").url.host == "example.org")
        #expect(Region.us.endpoint.description == "https://us.engagingnetworks.app/ea-dataservice/import.service")
        #expect(Region.ca.endpoint.description == "https://ca.engagingnetworks.app/ea-dataservice/import.service")
    }
}
