import Foundation
import SwiftCSV

// Parses the whole file with SwiftCSV (as a user would: load, then iterate rows) and prints the
// row count, so the work cannot be optimised away.
guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: swiftcsv-count FILE\n".utf8))
    exit(2)
}
let csv = try CSV<Enumerated>(url: URL(fileURLWithPath: CommandLine.arguments[1]), delimiter: .comma, loadColumns: false)
print(csv.rows.count)
