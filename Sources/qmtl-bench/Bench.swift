import QMTLCore
@main struct Bench { static func main() { print(QMTLVersion.current) } }
