namespace Bridge.Explorer.Tests;
public class Smoke { [Fact] public void X() { } }
