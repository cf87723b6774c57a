namespace CapabilityOps.SharedKernel;

/// <summary>A request type that shows administrators a filled-in example body in Swagger.</summary>
public interface IHasExample<out TSelf>
{
    static abstract TSelf Example { get; }
}
