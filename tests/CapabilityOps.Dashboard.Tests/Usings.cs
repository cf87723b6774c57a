global using System.Net;
global using CapabilityOps.Testing;
global using Shouldly;
global using Xunit;
