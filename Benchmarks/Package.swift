// swift-tools-version:6.1
// Benchmarks live in their own package so the main build and CI stay lean. The Swift CSV
// libraries a user might reach for parse the same files as enlint; run.sh compares them all.
import PackageDescription

let package = Package(
    name: "enlint-benchmarks",
    dependencies: [
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        .executableTarget(name: "swiftcsv-count", dependencies: [.product(name: "SwiftCSV", package: "SwiftCSV")]),
        .executableTarget(name: "csvswift-count", dependencies: [.product(name: "CSV", package: "CSV.swift")]),
        // Times one run of a command and reads its peak RSS, for run.py (see its main.c).
        .executableTarget(name: "measure-run"),
    ]
)
