import QMTLCore
@main struct Q { static func main() { print(QMTLVersion.current) } }
