// SIGKILL, SIGSTOP and SIGCONT through libc, PEM files created 0600: these tests are for Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
