import CSV
import Foundation

// Streams the file through CSV.swift's CSVReader and prints the row count.
guard CommandLine.arguments.count == 2, let stream = InputStream(fileAtPath: CommandLine.arguments[1]) else {
    FileHandle.standardError.write(Data("usage: csvswift-count FILE\n".utf8))
    exit(2)
}
let reader = try CSVReader(stream: stream, hasHeaderRow: true)
var rows = 0
var fields = 0
while let row = reader.next() {
    rows += 1
    fields += row.count
}
print(rows, fields)
