// @vitest-environment jsdom
import { act, fireEvent, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithLang } from "../../test/render";
import { SignInPage } from "./SignInPage";

const signIn = vi.fn<(username: string, password: string) => Promise<void>>();
vi.mock("../../session/SessionContext", () => ({
  useSession: () => ({ signIn, signingIn: false }),
}));

async function submit(username: string, password: string) {
  fireEvent.change(screen.getByLabelText(/Usuario|Username/), { target: { value: username } });
  fireEvent.change(screen.getByLabelText(/Contraseña|Password/), { target: { value: password } });
  await act(async () => {
    fireEvent.click(screen.getByRole("button", { name: /Ingresar|Sign in/ }));
    await Promise.resolve();
  });
}

describe("SignInPage", () => {
  beforeEach(() => {
    signIn.mockReset();
  });

  it("moves focus to the emptied password field after a failed sign-in, described by the error", async () => {
    signIn.mockRejectedValue(new Error("Usuario o contraseña incorrectos / Wrong username or password"));
    renderWithLang(<SignInPage />);
    await submit("ministry", "wrong");
    const password = screen.getByLabelText("Contraseña");
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toBe("No se pudo iniciar sesión: Usuario o contraseña incorrectos");
    expect(document.activeElement).toBe(password);
    expect((password as HTMLInputElement).value).toBe("");
    expect(password.getAttribute("aria-describedby")).toBe(alert.id);
  });

  it("shows the error in the new language after switching", async () => {
    signIn.mockRejectedValue(new Error("Usuario o contraseña incorrectos / Wrong username or password"));
    renderWithLang(<SignInPage />);
    await submit("ministry", "wrong");
    fireEvent.click(screen.getByRole("button", { name: "English" }));
    expect(screen.getByRole("alert").textContent).toBe("Could not sign in: Wrong username or password");
  });

  it("asks for both fields in either language and focuses the empty one", async () => {
    renderWithLang(<SignInPage />, "en");
    await submit("ministry", "");
    expect(screen.getByRole("alert").textContent).toBe("Enter username and password.");
    expect(document.activeElement).toBe(screen.getByLabelText("Password"));
    fireEvent.click(screen.getByRole("button", { name: "Español" }));
    expect(screen.getByRole("alert").textContent).toBe("Escriba usuario y contraseña.");
    expect(signIn).not.toHaveBeenCalled();
  });
});
